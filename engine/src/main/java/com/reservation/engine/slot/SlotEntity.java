package com.reservation.engine.slot;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import com.reservation.engine.metrics.EngineMetrics;
import com.reservation.engine.slot.LedgerProtocol.Batch;
import com.reservation.engine.slot.LedgerProtocol.BatchWritten;
import com.reservation.engine.slot.LedgerProtocol.CatalogAnswer;
import com.reservation.engine.slot.LedgerProtocol.ExpiryTimer;
import com.reservation.engine.slot.LedgerProtocol.LedgerReady;
import com.reservation.engine.slot.LedgerProtocol.SnapshotBeforeStop;
import com.reservation.engine.slot.LedgerProtocol.Snapshotted;
import com.reservation.engine.slot.LedgerProtocol.Stop;
import com.reservation.engine.slot.LedgerProtocol.ToLedger;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.ExpireDue;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.slot.storage.SlotSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sharded front of one slot: the group-commit buffer. While its {@link SlotLedger} writes a
 * batch, the commands that arrive wait here (bounded: beyond {@code buffer-size} they are answered
 * OVERLOADED at once, never dropped); when the write completes they go to the ledger as the next
 * batch. A hot slot therefore writes once per journal round trip for all the callers that arrived
 * meanwhile, instead of once per booking.
 *
 * <p>The mutable buffer is this actor's private state, touched only from its mailbox; the slot's
 * domain state lives, immutable, in the ledger.
 */
public final class SlotEntity extends AbstractBehavior<SlotCommand> {

  public static final EntityTypeKey<SlotCommand> ENTITY_KEY =
      EntityTypeKey.create(SlotCommand.class, "Slot");

  /**
   * Starts sharding of slots on this node; {@code grants} hears of the customer allowances the
   * slots' writes end.
   */
  public static void init(
      ActorSystem<?> system,
      SlotSettings settings,
      SlotCatalog catalog,
      SlotSnapshots snapshots,
      Clock clock,
      GrantReleases grants) {
    Supplier<String> ids = new BookingIds();
    EngineMetrics.get(system).sharded(ENTITY_KEY);
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY,
                    ctx ->
                        create(
                            ctx.getEntityId(),
                            settings,
                            catalog,
                            snapshots,
                            clock,
                            ids,
                            self -> ctx.getShard().tell(new ClusterSharding.Passivate<>(self)),
                            grants))
                .withStopMessage(new Stop()));
  }

  /**
   * @param passivate asks the shard to stop the given entity (an unknown slot stops at once)
   * @param grants hears of the customer allowances this slot's writes end
   */
  public static Behavior<SlotCommand> create(
      String slotId,
      SlotSettings settings,
      SlotCatalog catalog,
      SlotSnapshots snapshots,
      Clock clock,
      Supplier<String> bookingIds,
      Consumer<ActorRef<SlotCommand>> passivate,
      GrantReleases grants) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new SlotEntity(
                        context,
                        timers,
                        slotId,
                        settings,
                        catalog,
                        snapshots,
                        clock,
                        bookingIds,
                        passivate,
                        grants)));
  }

  private static final String EXPIRY_TIMER = "hold-expiry";

  private enum Phase {
    RECOVERING,
    LOOKING_UP,
    IDLE,
    WRITING,
    /** Stopping: the ledger stores a snapshot first. */
    SNAPSHOTTING
  }

  private final String slotId;
  private final SlotSettings settings;
  private final SlotCatalog catalog;
  private final Consumer<ActorRef<SlotCommand>> passivate;
  private final TimerScheduler<SlotCommand> timers;
  private final Clock clock;
  private final ActorRef<ToLedger> ledger;
  private final ArrayDeque<Request> waiting = new ArrayDeque<>();
  private List<Request> inFlight = List.of();
  private Phase phase = Phase.RECOVERING;
  private boolean catalogChecked;
  private boolean defined;
  private boolean stopping;

  /** The expiry the timer is set for (null: no timer). */
  private Instant timerFor;

  private SlotEntity(
      ActorContext<SlotCommand> context,
      TimerScheduler<SlotCommand> timers,
      String slotId,
      SlotSettings settings,
      SlotCatalog catalog,
      SlotSnapshots snapshots,
      Clock clock,
      Supplier<String> bookingIds,
      Consumer<ActorRef<SlotCommand>> passivate,
      GrantReleases grants) {
    super(context);
    this.timers = timers;
    this.clock = clock;
    this.slotId = slotId;
    this.settings = settings;
    this.catalog = catalog;
    this.passivate = passivate;
    this.ledger =
        context.spawn(
            SlotLedger.create(
                slotId, settings, clock, bookingIds, context.getSelf().narrow(), snapshots, grants),
            "ledger");
    context.watch(ledger);
  }

  @Override
  public Receive<SlotCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Request.class, this::onRequest)
        .onMessage(LedgerReady.class, this::onLedgerReady)
        .onMessage(CatalogAnswer.class, this::onCatalogAnswer)
        .onMessage(BatchWritten.class, this::onBatchWritten)
        .onMessage(Stop.class, this::onStop)
        .onMessage(Snapshotted.class, this::onSnapshotted)
        .onMessage(ExpiryTimer.class, this::onExpiryTimer)
        .onSignal(Terminated.class, this::onLedgerTerminated)
        .build();
  }

  private Behavior<SlotCommand> onRequest(Request request) {
    if (phase == Phase.IDLE) {
      waiting.add(request);
      return next();
    } else if (waiting.size() >= settings.bufferSize()) {
      request
          .replyTo()
          .tell(new Rejected(RejectionReason.OVERLOADED, "The slot is busy; retry shortly."));
    } else {
      waiting.add(request);
    }
    return this;
  }

  private Behavior<SlotCommand> onLedgerReady(LedgerReady ready) {
    // A ledger that becomes ready while a batch is in flight has restarted after a store failure:
    // that batch's outcome is unknown (its write may or may not have landed), which callers must
    // learn as such.
    answerAll(
        inFlight,
        RejectionReason.UNAVAILABLE,
        "The store failed; the outcome is unknown. Retry with the same Idempotency-Key.");
    inFlight = List.of();
    defined = ready.defined();
    armExpiry(ready.nextExpiry());
    return next();
  }

  private Behavior<SlotCommand> onCatalogAnswer(CatalogAnswer answer) {
    if (answer.failure() != null) {
      // Not a 404: the slot may well exist. Answer "unavailable" and look again on the next
      // request.
      getContext()
          .getLog()
          .warn("Slot catalog lookup failed for {}: {}", slotId, answer.failure().toString());
      answerAll(
          new ArrayList<>(waiting),
          RejectionReason.UNAVAILABLE,
          "The store is unavailable; retry shortly.");
      waiting.clear();
      return next();
    }
    catalogChecked = true;
    if (answer.definition().isPresent()) {
      waiting.addFirst(
          new DefineSlot(answer.definition().get(), getContext().getSystem().ignoreRef()));
    }
    return next();
  }

  private Behavior<SlotCommand> onBatchWritten(BatchWritten written) {
    inFlight = List.of();
    defined = written.defined();
    // An unknown slot answered "no such slot" to what was waiting; the next request asks the
    // catalog again, so a slot a schedule defines a moment later is found at once, not after this
    // entity passivates.
    if (!defined) catalogChecked = false;
    armExpiry(written.nextExpiry());
    return next();
  }

  /**
   * Keeps one timer at the slot's earliest hold expiry while the slot is awake. It lives only as
   * long as this incarnation: a slot that is passivated, handed off or lost with its node is woken
   * by the expiry waker instead, which reads the earliest expiry of every slot from the read model.
   */
  private void armExpiry(Instant nextExpiry) {
    if (Objects.equals(nextExpiry, timerFor)) return;
    timerFor = nextExpiry;
    if (nextExpiry == null) {
      timers.cancel(EXPIRY_TIMER);
    } else {
      Duration delay = Duration.between(clock.instant(), nextExpiry);
      timers.startSingleTimer(
          EXPIRY_TIMER, new ExpiryTimer(), delay.isNegative() ? Duration.ZERO : delay);
    }
  }

  /** Due holds are expired by the next batch: this sends one (its answer goes nowhere). */
  private Behavior<SlotCommand> onExpiryTimer(ExpiryTimer timer) {
    timerFor = null;
    return onRequest(new ExpireDue(getContext().getSystem().ignoreRef()));
  }

  private Behavior<SlotCommand> onStop(Stop stop) {
    stopping = true;
    return phase == Phase.IDLE ? snapshotThenStop() : this;
  }

  /** Idle and asked to stop: a defined slot lets its ledger snapshot first. */
  private Behavior<SlotCommand> snapshotThenStop() {
    if (!defined) return Behaviors.stopped();
    phase = Phase.SNAPSHOTTING;
    ledger.tell(new SnapshotBeforeStop(getContext().getSelf().narrow()));
    return this;
  }

  private Behavior<SlotCommand> onSnapshotted(Snapshotted snapshotted) {
    // Sharding delivers nothing new to a stopping entity; what reached it meanwhile is told to
    // come again (it finds the slot's next incarnation).
    answerAll(
        new ArrayList<>(waiting),
        RejectionReason.UNAVAILABLE,
        "The slot is moving; retry shortly.");
    waiting.clear();
    return Behaviors.stopped();
  }

  private Behavior<SlotCommand> onLedgerTerminated(Terminated terminated) {
    answerAll(
        inFlight,
        RejectionReason.UNAVAILABLE,
        "The slot stopped; the outcome is unknown. Retry with the same Idempotency-Key.");
    answerAll(
        new ArrayList<>(waiting), RejectionReason.UNAVAILABLE, "The slot stopped; retry shortly.");
    return Behaviors.stopped();
  }

  /**
   * Sends the next batch if anyone waits (first learning an undefined slot's definition from the
   * catalog); otherwise goes idle, and stops if asked to or if the slot is unknown.
   */
  private Behavior<SlotCommand> next() {
    if (!waiting.isEmpty()) {
      if (!defined && !catalogChecked) {
        phase = Phase.LOOKING_UP;
        getContext().pipeToSelf(catalog.find(slotId), CatalogAnswer::new);
        return this;
      }
      int size = Math.min(waiting.size(), settings.maxBatchSize());
      List<Request> batch = new ArrayList<>(size);
      for (int i = 0; i < size; i++) batch.add(waiting.poll());
      dispatch(batch);
      return this;
    }
    phase = Phase.IDLE;
    if (stopping) return snapshotThenStop();
    if (!defined) passivate.accept(getContext().getSelf());
    return this;
  }

  private void dispatch(List<Request> batch) {
    inFlight = batch;
    phase = Phase.WRITING;
    ledger.tell(new Batch(batch));
  }

  private static void answerAll(List<Request> requests, RejectionReason reason, String message) {
    for (Request request : requests) request.replyTo().tell(new Rejected(reason, message));
  }
}
