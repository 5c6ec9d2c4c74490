package com.reservation.engine.slot;

import akka.actor.typed.ActorRef;
import com.reservation.engine.serialization.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * Everything a slot entity accepts. The public commands each carry a typed {@code replyTo}; {@link Internal} messages
 * pass between the sharded front and its event-sourced ledger and are never sent by callers.
 */
public sealed interface SlotCommand extends CborSerializable {

  /** Where a refusal goes: every public command can be answered with a {@link Rejected}. */
  sealed interface Request extends SlotCommand {
    ActorRef<? super Rejected> replyTo();
  }

  /** Defines the slot; defining it again with the same length and capacity is a no-op. */
  record DefineSlot(SlotDefinition definition, ActorRef<SlotReply> replyTo) implements Request {}

  record ChangeCapacity(int capacity, ActorRef<SlotReply> replyTo) implements Request {}

  record ChangeStatus(SlotStatus status, ActorRef<SlotReply> replyTo) implements Request {}

  record GetSlot(ActorRef<SlotReply> replyTo) implements Request {}

  /**
   * Books {@code seats} for a customer. {@code idempotencyKey} (nullable) is scoped to the slot: a retry with the same
   * key and body returns the original booking; {@code contact} is personal data kept with the booking only.
   */
  record Book(
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact,
      ActorRef<BookingReply> replyTo)
      implements Request {
    public Book {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }
  }

  /** Cancels a booking; cancelling it again answers the same cancelled booking. */
  record Cancel(String bookingId, ActorRef<BookingReply> replyTo) implements Request {}

  record GetBooking(String bookingId, ActorRef<BookingReply> replyTo) implements Request {}

  /** Messages between {@link SlotEntity} and {@link SlotLedger}; local to one node. */
  sealed interface Internal extends SlotCommand {}

  /** Commands decided together and written as one multi-event persist. */
  record Batch(List<Request> commands) implements Internal {
    public Batch {
      commands = List.copyOf(commands);
    }
  }

  /** The ledger finished a batch (its events are durable, every caller answered). */
  record BatchWritten(boolean defined) implements Internal {}

  /** The ledger recovered (at start or after a restart caused by a store failure). */
  record LedgerReady(boolean defined) implements Internal {}

  /** Sharding's stop message: finish the write in flight and answer everyone waiting, then stop (hand-off, passivation). */
  record Stop() implements Internal {}

  /** The slot catalog's answer for a slot whose ledger has no definition yet. */
  record CatalogAnswer(java.util.Optional<SlotDefinition> definition, Throwable failure) implements Internal {}
}
