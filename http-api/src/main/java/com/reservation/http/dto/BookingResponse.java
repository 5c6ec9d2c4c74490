package com.reservation.http.dto;

import com.reservation.engine.slot.BookingView;
import java.time.Instant;
import java.util.Map;

/**
 * A booking as its holder sees it. {@code cancelledAt} appears once cancelled, {@code contact} when one was given
 * (personal data: returned only here, to whoever holds the booking id), {@code holdId} when it was confirmed from a
 * hold.
 */
public record BookingResponse(
    String bookingId,
    String slotId,
    String customerId,
    int seats,
    String status,
    Instant bookedAt,
    Instant cancelledAt,
    Map<String, String> contact,
    String holdId) {

  /** A booking made directly, not from a hold. */
  public BookingResponse(
      String bookingId,
      String slotId,
      String customerId,
      int seats,
      String status,
      Instant bookedAt,
      Instant cancelledAt,
      Map<String, String> contact) {
    this(bookingId, slotId, customerId, seats, status, bookedAt, cancelledAt, contact, null);
  }

  public static BookingResponse of(BookingView view) {
    return new BookingResponse(
        view.bookingId(),
        view.slotId(),
        view.customerId(),
        view.seats(),
        view.status().name(),
        view.bookedAt(),
        view.cancelledAt(),
        view.contact() == null || view.contact().isEmpty() ? null : view.contact(),
        view.holdId());
  }

  @Override
  public String toString() {
    return "BookingResponse[bookingId=<hidden>, slotId=" + slotId + ", status=" + status + "]";
  }
}
