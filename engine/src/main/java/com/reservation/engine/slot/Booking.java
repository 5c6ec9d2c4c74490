package com.reservation.engine.slot;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.Map;

/** One booking inside a slot's state. {@code cancelledAt} is null while it is confirmed. */
public record Booking(
    String bookingId,
    String customerId,
    int seats,
    String idempotencyKey,
    Map<String, String> contact,
    Instant bookedAt,
    Instant cancelledAt)
    implements CborSerializable {

  public Booking {
    contact = contact == null ? Map.of() : Map.copyOf(contact);
  }

  public boolean isConfirmed() {
    return cancelledAt == null;
  }

  public Booking cancelled(Instant at) {
    return new Booking(bookingId, customerId, seats, idempotencyKey, contact, bookedAt, at);
  }

  /** Without the contact (personal data), the booking id (it allows a cancel) or the idempotency key. */
  @Override
  public String toString() {
    return "Booking[seats=" + seats + ", bookedAt=" + bookedAt + ", cancelledAt=" + cancelledAt
        + ", contact=<" + contact.size() + " fields>]";
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
        contact);
  }
}
