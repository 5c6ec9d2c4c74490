package com.reservation.engine.expiry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotReply;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Wakes the slots whose holds are about to expire, wherever they live now: a slot that is awake
 * expires its holds by its own timer, but a passivated slot, one whose shard was handed off, or one
 * whose node died has no timer. Every {@code poll-interval} the waker reads the slots due within
 * {@code lookahead} and sends each one an {@link SlotCommand.ExpireDue}; sharding starts the slot
 * where its shard lives, the slot recovers, expires what is due and sets its timer for the rest.
 * Only slots with holds about to expire are woken, never all slots with holds.
 *
 * <p>Every node runs one (not one per cluster): a waker that has to move after its node died would
 * leave the passivated slots of the surviving nodes unwoken for the whole failover, well beyond the
 * 1 s the contract allows. Several nodes waking the same slot cost it a few extra messages, which
 * it answers from memory without a write; the query is an index range scan over the slots with
 * holds. Its memory of what it woke only keeps it from waking a slot every poll while the read
 * model catches up with the slot's expiry write.
 */
public final class ExpiryWaker extends AbstractBehavior<ExpiryWaker.Command> {
  public static final String NAME = "hold-expiry-waker";

  /** The waker's own messages; all local (it is never sent anything from another node). */
  public sealed interface Command {}

  private record Poll() implements Command {}

  private record Found(List<DueSlots.Due> due, Throwable failure) implements Command {}

  private record SlotAnswered() implements Command {}

  /**
   * What was woken for which expiry, and when (monotonic nanos); {@code whenDue}: a wake-up was
   * sent once the expiry had come, not only ahead of it.
   */
  private record Woken(Instant nextExpiry, long atNanos, boolean whenDue) {}

  /**
   * Starts this node's waker.
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
    system.systemActorOf(create(dueSlots, jdbc, settings, clock, wake), NAME, Props.empty());
  }

  static Behavior<Command> create(
      DueSlots dueSlots,
      Executor jdbc,
      ExpirySettings settings,
      Clock clock,
      BiConsumer<String, SlotCommand> wake) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(new Poll(), settings.pollInterval());
                  return new ExpiryWaker(context, dueSlots, jdbc, settings, clock, wake);
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
  private boolean failing;

  private ExpiryWaker(
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
        .build();
  }

  private Behavior<Command> onPoll(Poll poll) {
    // One query at a time: a slow database must not pile polls up.
    if (polling) return this;
    polling = true;
    Instant until = clock.instant().plus(settings.lookahead());
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(() -> dueSlots.by(until, settings.maxPerPoll()), jdbc),
            Found::new);
    return this;
  }

  private Behavior<Command> onFound(Found found) {
    polling = false;
    if (found.failure() != null) {
      // Once per outage, not every poll: the store being down is reported elsewhere too.
      if (!failing)
        getContext()
            .getLog()
            .warn("Hold expiry: could not read the due slots: {}", found.failure().toString());
      failing = true;
      return this;
    }
    failing = false;
    long now = System.nanoTime();
    Instant wallNow = clock.instant();
    long rewakeNanos = settings.rewakeAfter().toNanos();
    Map<String, Woken> next = new HashMap<>();
    for (DueSlots.Due due : found.due()) {
      Woken before = woken.get(due.slotId());
      boolean isDue = !due.nextExpiry().isAfter(wallNow);
      // First ahead of time (the slot's own timer then expires the hold on the dot); once more when
      // due, in case the slot went back to sleep meanwhile; and again while it stays due (its node
      // may have died).
      boolean again =
          before == null
              || !before.nextExpiry().equals(due.nextExpiry())
              || (isDue && !before.whenDue())
              || now - before.atNanos() > rewakeNanos;
      if (again) {
        wake.accept(due.slotId(), new SlotCommand.ExpireDue(answers));
        next.put(due.slotId(), new Woken(due.nextExpiry(), now, isDue));
      } else {
        next.put(due.slotId(), before);
      }
    }
    // Slots no longer due are forgotten: the map stays as small as the set of slots due now.
    woken = next;
    return this;
  }
}
