package com.reservation.engine.expiry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import com.reservation.engine.slot.SlotCommand;
import com.reservation.engine.slot.SlotReply;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Wakes the slots whose holds are about to expire, wherever they live now: a slot that is awake expires its holds by
 * its own timer, but a passivated slot, one whose shard was handed off, or one whose node died has no timer. Every
 * {@code poll-interval} the daemon reads the slots due within {@code lookahead} and sends each one an
 * {@link SlotCommand.ExpireDue}; sharding starts the slot where its shard lives, the slot recovers, expires what is due
 * and sets its timer for the rest. Only slots with holds about to expire are woken, never all slots with holds.
 *
 * <p>One instance runs in the cluster ({@link ShardedDaemonProcess} restarts it on another node if its node goes). Its
 * memory of what it woke is only there to avoid waking a slot every poll while the read model catches up with the
 * slot's expiry write; losing it costs a few duplicate wake-ups, which the slot answers without a write.
 */
public final class HoldExpiryDaemon extends AbstractBehavior<HoldExpiryDaemon.Command> {
  public static final String NAME = "hold-expiry";

  /** The daemon's own messages; all local (it is never sent anything from another node). */
  public sealed interface Command {}

  private record Poll() implements Command {}

  private record Found(List<DueSlots.Due> due, Throwable failure) implements Command {}

  private record SlotAnswered() implements Command {}

  private record Stop() implements Command {}

  /** What was woken for which expiry, and when (monotonic nanos). */
  private record Woken(java.time.Instant nextExpiry, long atNanos) {}

  /**
   * Starts the daemon in the cluster.
   *
   * @param wake sends a slot (by id) a command, through sharding
   */
  public static void init(
      ActorSystem<?> system,
      DueSlots dueSlots,
      Executor jdbc,
      ExpirySettings settings,
      Clock clock,
      BiConsumer<String, SlotCommand> wake) {
    ShardedDaemonProcess.get(system)
        .init(
            Command.class,
            NAME,
            1,
            index -> create(dueSlots, jdbc, settings, clock, wake),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(new Stop()));
  }

  static Behavior<Command> create(
      DueSlots dueSlots, Executor jdbc, ExpirySettings settings, Clock clock, BiConsumer<String, SlotCommand> wake) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(new Poll(), settings.pollInterval());
                  return new HoldExpiryDaemon(context, dueSlots, jdbc, settings, clock, wake);
                }));
  }

  private final DueSlots dueSlots;
  private final Executor jdbc;
  private final ExpirySettings settings;
  private final Clock clock;
  private final BiConsumer<String, SlotCommand> wake;
  private final ActorRef<SlotReply> answers;
  private Map<String, Woken> woken = new HashMap<>();
  private boolean polling;

  private HoldExpiryDaemon(
      ActorContext<Command> context,
      DueSlots dueSlots,
      Executor jdbc,
      ExpirySettings settings,
      Clock clock,
      BiConsumer<String, SlotCommand> wake) {
    super(context);
    this.dueSlots = dueSlots;
    this.jdbc = jdbc;
    this.settings = settings;
    this.clock = clock;
    this.wake = wake;
    this.answers = context.messageAdapter(SlotReply.class, reply -> new SlotAnswered());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Poll.class, this::onPoll)
        .onMessage(Found.class, this::onFound)
        .onMessage(SlotAnswered.class, answered -> this)
        .onMessage(Stop.class, stop -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onPoll(Poll poll) {
    // One query at a time: a slow database must not pile polls up.
    if (polling) return this;
    polling = true;
    java.time.Instant until = clock.instant().plus(settings.lookahead());
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(() -> dueSlots.by(until, settings.maxPerPoll()), jdbc), Found::new);
    return this;
  }

  private Behavior<Command> onFound(Found found) {
    polling = false;
    if (found.failure() != null) {
      getContext().getLog().warn("Hold expiry: could not read the due slots: {}", found.failure().toString());
      return this;
    }
    long now = System.nanoTime();
    long rewakeNanos = settings.rewakeAfter().toNanos();
    Map<String, Woken> next = new HashMap<>();
    for (DueSlots.Due due : found.due()) {
      Woken before = woken.get(due.slotId());
      boolean again =
          before == null || !before.nextExpiry().equals(due.nextExpiry()) || now - before.atNanos() > rewakeNanos;
      if (again) {
        wake.accept(due.slotId(), new SlotCommand.ExpireDue(answers));
        next.put(due.slotId(), new Woken(due.nextExpiry(), now));
      } else {
        next.put(due.slotId(), before);
      }
    }
    // Slots no longer due are forgotten: the map stays as small as the set of slots due now.
    woken = next;
    return this;
  }
}
