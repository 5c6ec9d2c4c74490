package com.reservation.engine.slot;

import akka.actor.typed.ActorRef;
import com.reservation.engine.serialization.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a slot entity accepts. {@link Request}s come from callers, possibly on another node, and each carries a
 * typed {@code replyTo}; the other messages pass between the sharded front and its event-sourced ledger on one node and
 * are never serialized.
 */
public sealed interface SlotCommand {

  /** A caller's command. Every one can be answered with a {@link Rejected}. */
  sealed interface Request extends SlotCommand, CborSerializable {
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

    @Override
    public String toString() {
      return "Book[seats=" + seats + ", idempotencyKey=" + (idempotencyKey != null) + ", replyTo=" + replyTo + "]";
    }
  }

  /** Cancels a booking; cancelling it again answers the same cancelled booking. */
  record Cancel(String bookingId, ActorRef<BookingReply> replyTo) implements Request {}

  record GetBooking(String bookingId, ActorRef<BookingReply> replyTo) implements Request {}

  /** Commands decided together and written as one event. */
  record Batch(List<Request> commands) implements SlotCommand {
    public Batch {
      commands = List.copyOf(commands);
    }
  }

  /** The ledger finished a batch (its event is durable, every caller answered). */
  record BatchWritten(boolean defined) implements SlotCommand {}

  /** The ledger recovered (at start or after a restart caused by a store failure). */
  record LedgerReady(boolean defined) implements SlotCommand {}

  /** Sharding's stop message: finish the write in flight and answer everyone waiting, then stop (hand-off, passivation). */
  record Stop() implements SlotCommand {}

  /** The slot catalog's answer for a slot whose ledger has no definition yet; {@code failure} is null on success. */
  record CatalogAnswer(Optional<SlotDefinition> definition, Throwable failure) implements SlotCommand {}
}
