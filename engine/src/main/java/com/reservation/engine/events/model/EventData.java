package com.reservation.engine.events.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The {@code data} member of a public event, one record per event type; serialized in declaration
 * order. None of them carries contact data: {@code customerId} is the client's own key for the
 * person, which downstream systems (payment, records) need to link a booking; name, phone and the
 * like stay with the booking.
 */
public sealed interface EventData {

  /**
   * booking.confirmed; {@code holdId} only when the booking confirmed a hold (absent from the JSON
   * otherwise).
   */
  record BookingConfirmed(
      String bookingId,
      String customerId,
      int seats,
      @JsonInclude(JsonInclude.Include.NON_NULL) String holdId)
      implements EventData {
    public BookingConfirmed(String bookingId, String customerId, int seats) {
      this(bookingId, customerId, seats, null);
    }
  }

  /** booking.cancelled */
  record BookingCancelled(String bookingId, int seats) implements EventData {}

  /** hold.created */
  record HoldCreated(String holdId, String customerId, int seats, Instant expiresAt)
      implements EventData {}

  /** hold.released: its holder let it go (or declined a waitlist offer); its seats are free. */
  record HoldReleased(String holdId, int seats) implements EventData {}

  /** hold.expired: unconfirmed at its expiresAt; its seats are free. */
  record HoldExpired(String holdId, int seats) implements EventData {}

  /**
   * waitlist.offered: the entry's customer holds {@code seats} as hold {@code holdId} until {@code
   * expiresAt}.
   */
  record WaitlistOffered(String entryId, String holdId, int seats, Instant expiresAt)
      implements EventData {}
}
