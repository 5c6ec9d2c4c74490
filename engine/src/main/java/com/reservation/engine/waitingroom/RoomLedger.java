package com.reservation.engine.waitingroom;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.SnapshotAdapter;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import java.time.Duration;
import java.util.List;

/**
 * A room's events: the event-sourced child of its {@link WaitingRoom}, which decides what to store
 * and sends one write at a time; this stores it and hands back the state after it. Nothing else
 * reaches it, so it never holds more than one command: Akka 2.8's event-sourced behaviours unstash
 * commands that persist nothing recursively, and thousands of polls stashed behind a write
 * overflowed the stack; here polls and joins wait in the front, which is a plain actor.
 */
final class RoomLedger extends EventSourcedBehavior<RoomLedger.Write, RoomEvent, RoomState> {

  /** Store these events (in order, in one write), then tell {@code front}. */
  record Write(List<RoomEvent> events, ActorRef<RoomCommand> front) {
    Write {
      events = List.copyOf(events);
    }
  }

  static Behavior<Write> create(String venueId, ActorRef<RoomCommand> front, int snapshotEvery) {
    return Behaviors.<Write>supervise(new RoomLedger(venueId, front, snapshotEvery))
        // A store failure outside a write (a failed recovery) restarts it too, with backoff.
        .onFailure(
            SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  }

  private final ActorRef<RoomCommand> front;
  private final int snapshotEvery;

  private RoomLedger(String venueId, ActorRef<RoomCommand> front, int snapshotEvery) {
    super(
        PersistenceId.of(WaitingRoom.ENTITY_KEY.name(), venueId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.front = front;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public RoomState emptyState() {
    return RoomState.EMPTY;
  }

  @Override
  public CommandHandler<Write, RoomEvent, RoomState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Write.class,
            (state, write) ->
                Effect()
                    .persist(write.events())
                    .thenRun(after -> write.front().tell(new RoomCommand.Written(after))))
        .build();
  }

  @Override
  public SignalHandler<RoomState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(), state -> front.tell(new RoomCommand.LedgerReady(state)))
        .build();
  }

  @Override
  public EventHandler<RoomState, RoomEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(RoomState::apply);
  }

  @Override
  public SnapshotAdapter<RoomState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(RoomState state) {
        return state.stored();
      }

      @Override
      public RoomState fromJournal(Object from) {
        return RoomState.of((RoomState.Stored) from);
      }
    };
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
