package com.reservation.engine.testing;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import com.reservation.engine.customer.AllowanceEvent;
import com.reservation.engine.customer.AllowanceState;
import java.util.List;

/**
 * Writes what an earlier version's per-customer allowance entity stored (persistence id {@code
 * Customer|<venue>:<customer>}), into whatever journal the test kit's system uses.
 */
public final class EarlierAllowanceEntity
    extends EventSourcedBehavior<EarlierAllowanceEntity.Write, AllowanceEvent, AllowanceState> {

  /** Stores these events, then answers. */
  public record Write(List<AllowanceEvent> events, ActorRef<Done> replyTo) {}

  public static void store(
      ActorTestKit testKit, String venueId, String customerId, AllowanceEvent... events) {
    TestProbe<Done> written = testKit.createTestProbe();
    testKit
        .spawn(new EarlierAllowanceEntity(venueId + ":" + customerId))
        .tell(new Write(List.of(events), written.ref()));
    written.receiveMessage();
  }

  private EarlierAllowanceEntity(String entityId) {
    super(PersistenceId.of("Customer", entityId));
  }

  @Override
  public AllowanceState emptyState() {
    return AllowanceState.EMPTY;
  }

  @Override
  public CommandHandler<Write, AllowanceEvent, AllowanceState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Write.class,
            (state, write) ->
                Effect()
                    .persist(write.events())
                    .thenRun(s -> write.replyTo().tell(Done.getInstance())))
        .build();
  }

  @Override
  public EventHandler<AllowanceState, AllowanceEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(AllowanceState::apply);
  }
}
