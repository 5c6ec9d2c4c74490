package com.reservation.engine.slot;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.SnapshotAdapter;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.SignalHandler;
import com.reservation.engine.slot.LedgerProtocol.Batch;
import com.reservation.engine.slot.LedgerProtocol.BatchWritten;
import com.reservation.engine.slot.LedgerProtocol.LedgerReady;
import com.reservation.engine.slot.LedgerProtocol.SnapshotBeforeStop;
import com.reservation.engine.slot.LedgerProtocol.Snapshotted;
import com.reservation.engine.slot.LedgerProtocol.ToFront;
import com.reservation.engine.slot.LedgerProtocol.ToLedger;
import com.reservation.engine.slot.api.Answer;
import com.reservation.engine.slot.rules.SlotHolds;
import com.reservation.engine.slot.rules.SlotRules;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.slot.storage.SlotSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The event-sourced half of a slot: decides a batch of commands in order against the evolving state
 * and records all resulting facts as one event, in one write. Every caller is answered only when
 * that write is durable, so no confirmation ever precedes its event in the journal. It receives one
 * batch at a time from its {@link SlotEntity}, so its internal stash stays empty.
 *
 * <p>A batch answers many callers, each through its own typed {@link Answer}, so there is no single
 * reply to enforce: this is a plain {@link EventSourcedBehavior}.
 */
final class SlotLedger extends EventSourcedBehavior<ToLedger, SlotEvent, SlotState> {

  static PersistenceId persistenceId(String slotId) {
    return PersistenceId.of(SlotEntity.ENTITY_KEY.name(), slotId);
  }

  /**
   * @param front told when a batch is done and when recovery completes
   * @param snapshots where snapshots go (off the slot's path)
   * @param grants told, once a write is durable, of the customer allowances it ended
   */
  static Behavior<ToLedger> create(
      String slotId,
      SlotSettings settings,
      Clock clock,
      Supplier<String> bookingIds,
      ActorRef<ToFront> front,
      SlotSnapshots snapshots,
      GrantReleases grants) {
    return Behaviors.setup(
        context ->
            new SlotLedger(context, slotId, settings, clock, bookingIds, front, snapshots, grants));
  }

  private final ActorContext<ToLedger> context;
  private final String tag;
  private final SlotSettings settings;
  private final SlotRules rules;
  private final Clock clock;
  private final ActorRef<ToFront> front;
  private final SlotSnapshots snapshots;
  private final GrantReleases grants;
  private final SlotWrites writes;

  /**
   * The event just decided and the state it leads to. The decision already built that state fact by
   * fact; when Akka applies the event right after the command handler, the event handler hands this
   * state back instead of applying every fact a second time. Replayed events are never this
   * instance, so recovery applies them normally.
   */
  private SlotEvent decidedEvent;

  private SlotState decidedState;

  /**
   * Facts recorded since the last snapshot (this incarnation's writes plus the events it replayed).
   */
  private long factsSinceSnapshot;

  private SlotLedger(
      ActorContext<ToLedger> context,
      String slotId,
      SlotSettings settings,
      Clock clock,
      Supplier<String> bookingIds,
      ActorRef<ToFront> front,
      SlotSnapshots snapshots,
      GrantReleases grants) {
    super(
        persistenceId(slotId),
        SupervisorStrategy.restartWithBackoff(
            settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2));
    this.context = context;
    this.tag = settings.tagFor(slotId);
    this.settings = settings;
    this.rules = new SlotRules(settings, bookingIds);
    this.clock = clock;
    this.front = front;
    this.snapshots = snapshots;
    this.grants = grants;
    this.writes = SlotWrites.get(context.getSystem());
  }

  @Override
  public SlotState emptyState() {
    return SlotState.empty(settings.history());
  }

  @Override
  public CommandHandler<ToLedger, SlotEvent, SlotState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Batch.class, this::decideBatch)
        .onCommand(SnapshotBeforeStop.class, this::snapshotBeforeStop)
        .build();
  }

  private Effect<SlotEvent, SlotState> decideBatch(SlotState state, Batch batch) {
    SlotRules.Outcome outcome = rules.decideBatch(state, batch.commands(), clock.instant());
    SlotState next = outcome.state();
    if (outcome.facts().isEmpty()) {
      return Effect().none().thenRun(s -> finish(outcome, next));
    }
    SlotEvent event =
        new SlotEvent.Recorded(
            next.slotId(), outcome.facts(), next.counts(), outcome.customerKeys());
    decidedEvent = event;
    decidedState = next;
    return Effect()
        .persist(event)
        .thenRun(
            written -> {
              finish(outcome, written);
              // Live availability hears of the write (one tell per write, after the callers were
              // answered).
              writes.written(written.definition(), lastSequenceNumber(context), written.counts());
              snapshotIfDue(written);
            });
  }

  /**
   * Once the batch's write (if any) is durable: answer every caller, report ended allowances, free
   * the front.
   */
  private void finish(SlotRules.Outcome outcome, SlotState state) {
    for (Answer<?> answer : outcome.answers()) answer.send();
    for (SlotRules.EndedGrant ended : outcome.endedGrants()) {
      grants.ended(state.definition().venueId(), ended.customerId(), ended.grantId());
    }
    front.tell(new BatchWritten(state.isDefined(), nextExpiry(state)));
  }

  private static Instant nextExpiry(SlotState state) {
    return state.holds().next().map(SlotHolds.Expiry::at).orElse(null);
  }

  /**
   * A snapshot once the facts since the last one reach half the bookings the slot holds (and at
   * least {@code snapshot-every}). A snapshot of n bookings costs O(n), so each fact pays for about
   * two bookings' worth of snapshot however big the slot grows (a growing slot snapshots at
   * doubling sizes), while recovery reads one snapshot plus fewer facts than the slot holds.
   */
  private void snapshotIfDue(SlotState state) {
    if (factsSinceSnapshot >= Math.max(settings.snapshotEvery(), state.bookingCount() / 2)) {
      factsSinceSnapshot = 0;
      snapshots.save(persistenceId(), lastSequenceNumber(context), state);
    }
  }

  /** How long a stopping slot waits for its snapshot. */
  private static final Duration SNAPSHOT_BEFORE_STOP_WAIT = Duration.ofSeconds(5);

  /**
   * A slot about to stop (hand-off, passivation, shutdown) stores its state if it recorded at least
   * {@code snapshot-every} facts since its last snapshot: its next incarnation then reads one
   * snapshot instead of replaying up to half its bookings. The front waits for it.
   */
  private Effect<SlotEvent, SlotState> snapshotBeforeStop(
      SlotState state, SnapshotBeforeStop command) {
    if (!state.isDefined() || factsSinceSnapshot < settings.snapshotEvery()) {
      command.front().tell(new Snapshotted());
      return Effect().none();
    }
    factsSinceSnapshot = 0;
    // Bounded: a store that does not answer must not hold a hand-off or a shutdown; the slot then
    // stops without it and its next incarnation replays more.
    snapshots
        .saveNow(persistenceId(), lastSequenceNumber(context), state)
        .toCompletableFuture()
        .orTimeout(SNAPSHOT_BEFORE_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((done, failure) -> command.front().tell(new Snapshotted()));
    return Effect().none();
  }

  @Override
  public EventHandler<SlotState, SlotEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(this::applyEvent);
  }

  private SlotState applyEvent(SlotState state, SlotEvent event) {
    factsSinceSnapshot += event.facts().size();
    if (event == decidedEvent) {
      SlotState next = decidedState;
      decidedEvent = null;
      decidedState = null;
      return next;
    }
    return state.apply(event.facts());
  }

  @Override
  public SignalHandler<SlotState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> front.tell(new LedgerReady(state.isDefined(), nextExpiry(state))))
        .build();
  }

  @Override
  public Set<String> tagsFor(SlotEvent event) {
    return Set.of(tag);
  }

  @Override
  public SnapshotAdapter<SlotState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(SlotState state) {
        return SlotSnapshot.of(state);
      }

      @Override
      public SlotState fromJournal(Object from) {
        return ((SlotSnapshot) from).toState(settings.history());
      }
    };
  }
}
