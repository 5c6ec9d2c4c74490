package com.reservation.engine.customer;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Allowances stored by earlier versions, one event-sourced entity per venue and customer
 * (persistence ids {@code Customer|<venue>:<customer>}). A new bucket imports those of its
 * customers once, as its first event, so an upgrade never lets a customer past the limit;
 * afterwards they are never read again.
 */
public final class EarlierAllowances {

  /** Where the customers with such entities are listed (the V8 migration collected them). */
  public interface Directory {
    /** The customers of {@code venueId} that had a per-customer allowance entity. */
    CompletionStage<List<String>> customers(String venueId);

    /** A store that never had per-customer entities. */
    static Directory none() {
      return venueId -> CompletableFuture.completedFuture(List.of());
    }
  }

  private EarlierAllowances() {}

  static final String ENTITY_TYPE = "Customer";

  /**
   * The earlier allowances of {@code customers} of {@code venueId} (those of the bucket's customers
   * that the directory listed): each is replayed by a short-lived child of the bucket through the
   * journal, then stops. Call it from the bucket's own thread (it spawns children).
   */
  static CompletionStage<Map<String, AllowanceState>> replay(
      ActorContext<?> bucketContext, String venueId, List<String> customers, Duration timeout) {
    Map<String, CompletableFuture<AllowanceState>> replayed = new HashMap<>();
    for (String customerId : customers) {
      ActorRef<Export> reader = bucketContext.spawnAnonymous(reader(venueId + ":" + customerId));
      replayed.put(
          customerId,
          AskPattern.<Export, AllowanceState>ask(
                  reader, Export::new, timeout, bucketContext.getSystem().scheduler())
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(replayed.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, AllowanceState> found = new HashMap<>();
              replayed.forEach(
                  (customerId, state) -> {
                    if (!state.join().isEmpty()) found.put(customerId, state.join());
                  });
              return found;
            });
  }

  /** Asks a reader for the state it recovered. */
  record Export(ActorRef<AllowanceState> replyTo) {}

  private static Behavior<Export> reader(String entityId) {
    return new Reader(PersistenceId.of(ENTITY_TYPE, entityId));
  }

  /** Replays one earlier entity, answers its state once, stops; it never writes. */
  private static final class Reader
      extends EventSourcedBehavior<Export, AllowanceEvent, AllowanceState> {
    Reader(PersistenceId persistenceId) {
      super(persistenceId);
    }

    @Override
    public AllowanceState emptyState() {
      return AllowanceState.EMPTY;
    }

    @Override
    public CommandHandler<Export, AllowanceEvent, AllowanceState> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(
              Export.class,
              (state, export) -> Effect().none().thenRun(s -> export.replyTo().tell(s)).thenStop())
          .build();
    }

    @Override
    public EventHandler<AllowanceState, AllowanceEvent> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onAnyEvent(AllowanceState::apply);
    }
  }
}
