package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.Map;

/**
 * A booking as returned to its holder. {@code contact} is personal data: returned only with the
 * booking. {@code holdId} names the hold it was confirmed from (null when booked directly).
 */
public record BookingView(
    String bookingId,
    String slotId,
    String customerId,
    int seats,
    BookingStatus status,
    Instant bookedAt,
    Instant cancelledAt,
    Map<String, String> contact,
    String holdId)
    implements CborSerializable {

  /** A booking made directly, not from a hold. */
  public BookingView(
      String bookingId,
      String slotId,
      String customerId,
      int seats,
      BookingStatus status,
      Instant bookedAt,
      Instant cancelledAt,
      Map<String, String> contact) {
    this(bookingId, slotId, customerId, seats, status, bookedAt, cancelledAt, contact, null);
  }

  /** Without the contact (personal data), the customer or the booking id (it allows a cancel). */
  @Override
  public String toString() {
    return "BookingView[slotId="
        + slotId
        + ", seats="
        + seats
        + ", status="
        + status
        + ", bookedAt="
        + bookedAt
        + ", cancelledAt="
        + cancelledAt
        + ", contact=<"
        + (contact == null ? 0 : contact.size())
        + " fields>"
        + (holdId == null ? "" : ", fromHold")
        + "]";
  }

  /** The same booking answered with {@code contact} (opened, or as its caller gave it). */
  public BookingView withContact(Map<String, String> contact) {
    return new BookingView(
        bookingId, slotId, customerId, seats, status, bookedAt, cancelledAt, contact, holdId);
  }
}
