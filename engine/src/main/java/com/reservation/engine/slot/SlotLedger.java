package com.reservation.engine.slot;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import akka.persistence.typed.SnapshotAdapter;
import com.reservation.engine.slot.SlotCommand.Batch;
import com.reservation.engine.slot.SlotCommand.BatchWritten;
import com.reservation.engine.slot.SlotCommand.LedgerReady;
import com.reservation.engine.slot.SlotCommand.Request;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The event-sourced half of a slot: decides a batch of commands in order against the evolving state and persists all
 * resulting events in one write. Every caller is answered only when that write is durable, so no confirmation ever
 * precedes its event in the journal. It receives one batch at a time from its {@link SlotEntity}, so its internal
 * stash stays empty; a single {@link Request} sent directly is handled as a batch of one.
 */
public final class SlotLedger extends EventSourcedBehaviorWithEnforcedReplies<SlotCommand, SlotEvent, SlotState> {

  public static PersistenceId persistenceId(String slotId) {
    return PersistenceId.of(SlotEntity.ENTITY_KEY.name(), slotId);
  }

  /**
   * @param front told when a batch is done and when recovery completes; null when the ledger is used on its own
   */
  public static Behavior<SlotCommand> create(
      String slotId, SlotSettings settings, Clock clock, Supplier<String> bookingIds, ActorRef<SlotCommand> front) {
    return Behaviors.setup(context -> new SlotLedger(slotId, settings, clock, bookingIds, front));
  }

  private final String slotId;
  private final SlotSettings settings;
  private final SlotRules rules;
  private final Clock clock;
  private final ActorRef<SlotCommand> front;

  private SlotLedger(
      String slotId, SlotSettings settings, Clock clock, Supplier<String> bookingIds, ActorRef<SlotCommand> front) {
    super(
        persistenceId(slotId),
        SupervisorStrategy.restartWithBackoff(settings.restartMinBackoff(), settings.restartMaxBackoff(), 0.2));
    this.slotId = slotId;
    this.settings = settings;
    this.rules = new SlotRules(settings, bookingIds);
    this.clock = clock;
    this.front = front;
  }

  @Override
  public SlotState emptyState() {
    return SlotState.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<SlotCommand, SlotEvent, SlotState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Batch.class, this::decideBatch)
        .onCommand(Request.class, (state, request) -> decideBatch(state, new Batch(List.of(request))))
        .onAnyCommand(command -> Effect().noReply());
  }

  private ReplyEffect<SlotEvent, SlotState> decideBatch(SlotState state, Batch batch) {
    Instant now = clock.instant();
    SlotState next = state;
    List<SlotEvent> events = new ArrayList<>();
    List<Runnable> replies = new ArrayList<>(batch.commands().size());
    for (Request request : batch.commands()) {
      SlotRules.Decision decision = rules.decide(next, request, now);
      for (SlotEvent event : decision.events()) next = next.apply(event);
      events.addAll(decision.events());
      replies.add(() -> deliver(request, decision.reply()));
    }
    boolean defined = next.isDefined();
    if (events.isEmpty()) {
      return Effect().none().thenRun(s -> finish(replies, defined)).thenNoReply();
    }
    return Effect().persist(events).thenRun(s -> finish(replies, defined)).thenNoReply();
  }

  private void finish(List<Runnable> replies, boolean defined) {
    replies.forEach(Runnable::run);
    if (front != null) front.tell(new BatchWritten(defined));
  }

  @SuppressWarnings("unchecked")
  private static void deliver(Request request, Object reply) {
    // SlotRules answers each command with the reply type its replyTo expects.
    ((ActorRef<Object>) (ActorRef<?>) request.replyTo()).tell(reply);
  }

  @Override
  public EventHandler<SlotState, SlotEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(SlotState::apply);
  }

  @Override
  public SignalHandler<SlotState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (front != null) front.tell(new LedgerReady(state.isDefined()));
            })
        .build();
  }

  @Override
  public Set<String> tagsFor(SlotEvent event) {
    return Set.of(settings.tagFor(slotId));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SnapshotAdapter<SlotState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(SlotState state) {
        return state.toSnapshot();
      }

      @Override
      public SlotState fromJournal(Object from) {
        return SlotState.fromSnapshot((SlotSnapshot) from);
      }
    };
  }
}
