package com.reservation.engine.slot.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.reservation.engine.slot.api.SlotDefinition;
import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to a slot. A slot writes the facts of a whole group-commit batch as one
 * journal event ({@code SlotEvent.Recorded}), in the order they were decided; the state applies
 * them in that order.
 *
 * <p>Facts are nested in an event, so they carry their type by name (Jackson's {@code "t"} member).
 * Names are part of the stored format: never rename one; add new facts with new names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SlotFact.Defined.class, name = "defined"),
  @JsonSubTypes.Type(value = SlotFact.Booked.class, name = "booked"),
  @JsonSubTypes.Type(value = SlotFact.Cancelled.class, name = "cancelled"),
  @JsonSubTypes.Type(value = SlotFact.CapacitySet.class, name = "capacity"),
  @JsonSubTypes.Type(value = SlotFact.ClosedSet.class, name = "closed"),
  @JsonSubTypes.Type(value = SlotFact.Held.class, name = "held"),
  @JsonSubTypes.Type(value = SlotFact.HoldConfirmed.class, name = "hold-confirmed"),
  @JsonSubTypes.Type(value = SlotFact.HoldReleased.class, name = "hold-released"),
  @JsonSubTypes.Type(value = SlotFact.HoldExpired.class, name = "hold-expired"),
  @JsonSubTypes.Type(value = SlotFact.Joined.class, name = "joined"),
  @JsonSubTypes.Type(value = SlotFact.Offered.class, name = "offered"),
  @JsonSubTypes.Type(value = SlotFact.Left.class, name = "left")
})
public sealed interface SlotFact {

  /** The slot came into being with this definition (always a slot's first fact). */
  record Defined(SlotDefinition definition) implements SlotFact {}

  /**
   * Seats were booked. {@code idempotencyKey} is null when the caller sent none; {@code contact} is
   * personal data, kept with the booking only; {@code grantId} is the customer allowance the
   * booking uses (null without a limit, and in facts written before limits existed).
   */
  record Booked(
      String bookingId,
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact,
      Instant at,
      // Left out when null (no limit): the hot path's facts stay as small as before.
      @JsonInclude(JsonInclude.Include.NON_NULL) String grantId)
      implements SlotFact {
    public Booked {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }

    /** Without an allowance. */
    public Booked(
        String bookingId,
        String customerId,
        int seats,
        String idempotencyKey,
        Map<String, String> contact,
        Instant at) {
      this(bookingId, customerId, seats, idempotencyKey, contact, at, null);
    }

    @Override
    public String toString() {
      return "Booked[seats=" + seats + ", at=" + at + ", contact=<" + contact.size() + " fields>]";
    }
  }

  /** A confirmed booking was cancelled; it carries the seats it frees. */
  record Cancelled(String bookingId, int seats, Instant at) implements SlotFact {}

  /** An admin set the slot's capacity. */
  record CapacitySet(int capacity) implements SlotFact {}

  /** An admin closed ({@code true}) or reopened ({@code false}) the slot for booking. */
  record ClosedSet(boolean closed) implements SlotFact {}

  /**
   * Seats were held until {@code expiresAt} (already capped at the slot's start). {@code contact}
   * is personal data; {@code grantId} as for {@link Booked}.
   */
  record Held(
      String holdId,
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact,
      Instant at,
      Instant expiresAt,
      String grantId)
      implements SlotFact {
    public Held {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }

    @Override
    public String toString() {
      return "Held[holdId=" + holdId + ", seats=" + seats + ", expiresAt=" + expiresAt + "]";
    }
  }

  /** A hold was confirmed: its seats are now the booking {@code bookingId}'s. */
  record HoldConfirmed(String holdId, String bookingId, Instant at, String customerId, int seats)
      implements SlotFact {
    // customerId and seats repeat the hold's, so that the public booking.confirmed event is made
    // from this fact alone (the pull feed maps journal rows without the slot's state).
  }

  /**
   * Its holder released a hold (or declined an offer, or left the waitlist holding one): its seats
   * are free.
   */
  record HoldReleased(String holdId, Instant at, int seats) implements SlotFact {}

  /**
   * A hold reached its {@code expiresAt} unconfirmed ({@code at} is that moment): its seats are
   * free.
   */
  record HoldExpired(String holdId, Instant at, int seats) implements SlotFact {}

  /**
   * A customer joined the slot's waitlist, at the end of the line. {@code firstFit} is the venue's
   * waitlist policy at the time (false: strictly first come first served); the slot follows the
   * policy of its latest join.
   */
  record Joined(
      String entryId,
      String customerId,
      int seats,
      Map<String, String> contact,
      Instant at,
      String grantId,
      boolean firstFit)
      implements SlotFact {
    public Joined {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }

    @Override
    public String toString() {
      return "Joined[entryId=" + entryId + ", seats=" + seats + ", at=" + at + "]";
    }
  }

  /**
   * Freed seats were offered to a waiting entry as the hold {@code holdId}, until {@code
   * expiresAt}.
   */
  record Offered(String entryId, String holdId, Instant at, Instant expiresAt, int seats)
      implements SlotFact {}

  /** A waiting entry left the line (an entry holding an offer leaves by releasing it). */
  record Left(String entryId, Instant at) implements SlotFact {}
}
