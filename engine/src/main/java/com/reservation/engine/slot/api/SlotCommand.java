package com.reservation.engine.slot.api;

import akka.actor.typed.ActorRef;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.serialization.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a slot entity accepts: the type of its sharding entity. Callers send {@link Request}s,
 * possibly from another node, and each carries a typed {@code replyTo}. The entity also takes
 * messages of its own (between its sharded front and its ledger, from its timer and from sharding),
 * declared private to its package: a caller can neither construct nor send one. That is why this
 * interface is not sealed (a sealed type's subtypes must share its package) while {@link Request}
 * is.
 */
public interface SlotCommand {

  /** A caller's command. Every one can be answered with a {@link Rejected}. */
  sealed interface Request extends SlotCommand, CborSerializable {
    ActorRef<? super Rejected> replyTo();

    /**
     * When the caller stops waiting (null: no deadline). A command still undecided at its deadline
     * is refused, never decided: its caller has already been told the outcome is unknown, and a
     * seat must not go to someone who left. Set from the caller's clock, so nodes' clocks must
     * agree to well within the ask timeout.
     */
    default Instant deadline() {
      return null;
    }
  }

  /** Defines the slot; defining it again with the same length and capacity is a no-op. */
  record DefineSlot(SlotDefinition definition, ActorRef<SlotReply> replyTo) implements Request {}

  /**
   * An admin's change of capacity and/or status (null: leave as is), decided and written together:
   * both apply or neither does.
   */
  record ChangeSlot(Integer capacity, SlotStatus status, ActorRef<SlotReply> replyTo)
      implements Request {}

  record GetSlot(ActorRef<SlotReply> replyTo) implements Request {}

  /**
   * A command whose contact data is sealed under a key not stored yet: the write that records what
   * the command decided stores the key with it (and a command that records nothing stores nothing).
   */
  interface CarriesNewKey {
    /** Null when the contact data's key is stored already, or there is no contact data. */
    CustomerKeyRow newKey();
  }

  /**
   * Books {@code seats} for a customer. {@code idempotencyKey} (nullable) is scoped to the slot: a
   * retry with the same key and body returns the original booking; {@code contact} is personal data
   * kept with the booking only.
   */
  record Book(
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact,
      @JsonInclude(JsonInclude.Include.NON_NULL) String grantId,
      ActorRef<BookingReply> replyTo,
      Instant deadline,
      @JsonInclude(JsonInclude.Include.NON_NULL) CustomerKeyRow newKey)
      implements Request, CarriesNewKey {
    public Book {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }

    @Override
    public String toString() {
      return "Book[seats="
          + seats
          + ", contact=<"
          + contact.size()
          + " fields>, deadline="
          + deadline
          + ", replyTo="
          + replyTo
          + "]";
    }
  }

  /** Cancels a booking; cancelling it again answers the same cancelled booking. */
  record Cancel(String bookingId, ActorRef<BookingReply> replyTo, Instant deadline)
      implements Request {}

  record GetBooking(String bookingId, ActorRef<BookingReply> replyTo) implements Request {}

  /**
   * Holds {@code seats} for a customer for {@code ttl} (null: the default), or until the slot
   * starts if that comes first. Idempotency keys work as for {@link Book}, in a key space of their
   * own. {@code grantId} is the customer allowance it uses (null when the venue has no per-customer
   * limit).
   */
  record PlaceHold(
      String customerId,
      int seats,
      Duration ttl,
      String idempotencyKey,
      Map<String, String> contact,
      String grantId,
      ActorRef<HoldReply> replyTo,
      Instant deadline,
      @JsonInclude(JsonInclude.Include.NON_NULL) CustomerKeyRow newKey)
      implements Request, CarriesNewKey {
    public PlaceHold {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }

    @Override
    public String toString() {
      return "PlaceHold[seats="
          + seats
          + ", ttl="
          + ttl
          + ", idempotencyKey="
          + (idempotencyKey != null)
          + "]";
    }
  }

  /** Turns a HELD hold into a booking; confirming it again answers the same booking. */
  record ConfirmHold(String holdId, ActorRef<BookingReply> replyTo, Instant deadline)
      implements Request {}

  /** Gives a HELD hold's seats back; releasing it again answers the same released hold. */
  record ReleaseHold(String holdId, ActorRef<HoldReply> replyTo, Instant deadline)
      implements Request {}

  record GetHold(String holdId, ActorRef<HoldReply> replyTo) implements Request {}

  /**
   * Puts a customer at the end of the slot's waitlist. {@code firstFit} is the venue's waitlist
   * policy (see {@code SlotFact.Joined}); {@code grantId} as for {@link PlaceHold}.
   */
  record JoinWaitlist(
      String customerId,
      int seats,
      Map<String, String> contact,
      boolean firstFit,
      String grantId,
      ActorRef<WaitlistReply> replyTo,
      Instant deadline,
      @JsonInclude(JsonInclude.Include.NON_NULL) CustomerKeyRow newKey)
      implements Request, CarriesNewKey {
    public JoinWaitlist {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }

    @Override
    public String toString() {
      return "JoinWaitlist[seats=" + seats + ", firstFit=" + firstFit + "]";
    }
  }

  /** Takes an entry out of the line (releasing its offer, if it holds one). */
  record LeaveWaitlist(String entryId, ActorRef<WaitlistReply> replyTo, Instant deadline)
      implements Request {}

  record GetEntry(String entryId, ActorRef<WaitlistReply> replyTo) implements Request {}

  /**
   * A customer allowance asks whether the customer's booking, hold or entry here still uses {@code
   * grantId}.
   */
  record CheckGrant(String customerId, String grantId, ActorRef<GrantReply> replyTo)
      implements Request {}

  /**
   * Expires the holds that are due (every batch does, first) and answers the slot. Sent by the
   * slot's own timer and by the waker that wakes slots whose holds are due, wherever they were
   * passivated or moved.
   */
  record ExpireDue(ActorRef<SlotReply> replyTo) implements Request {}
}
