package com.reservation.engine.slot.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.reservation.engine.serialization.CborSerializable;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.BookingView;
import java.time.Instant;
import java.util.Map;

/**
 * One booking inside a slot's state. {@code cancelledAt} is null while it is confirmed; {@code
 * holdId} names the hold it was confirmed from (null when booked directly); {@code grantId} the
 * customer allowance it uses (null without a per-customer limit). Snapshots written before holds
 * existed lack the last two: they read as null.
 */
public record Booking(
    String bookingId,
    String customerId,
    int seats,
    String idempotencyKey,
    Map<String, String> contact,
    Instant bookedAt,
    Instant cancelledAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String holdId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String grantId)
    implements CborSerializable {

  public Booking {
    contact = contact == null ? Map.of() : Map.copyOf(contact);
  }

  /** A booking made directly, without an allowance. */
  public Booking(
      String bookingId,
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact,
      Instant bookedAt,
      Instant cancelledAt) {
    this(bookingId, customerId, seats, idempotencyKey, contact, bookedAt, cancelledAt, null, null);
  }

  public boolean isConfirmed() {
    return cancelledAt == null;
  }

  /**
   * The booking cancelled at {@code at}. It keeps no contact data (personal data is not kept longer
   * than the booking needs it, and a slot's memory stays bounded by its confirmed bookings); the id
   * and the idempotency key stay, so a lookup or a retried request still answers the cancelled
   * booking.
   */
  public Booking cancelled(Instant at) {
    return new Booking(
        bookingId, customerId, seats, idempotencyKey, Map.of(), bookedAt, at, holdId, grantId);
  }

  /**
   * Without the contact (personal data), the booking id (it allows a cancel) or the idempotency
   * key.
   */
  @Override
  public String toString() {
    return "Booking[seats="
        + seats
        + ", bookedAt="
        + bookedAt
        + ", cancelledAt="
        + cancelledAt
        + ", contact=<"
        + contact.size()
        + " fields>]";
  }

  public BookingView view(String slotId) {
    return new BookingView(
        bookingId,
        slotId,
        customerId,
        seats,
        isConfirmed() ? BookingStatus.CONFIRMED : BookingStatus.CANCELLED,
        bookedAt,
        cancelledAt,
        contact,
        holdId);
  }
}
