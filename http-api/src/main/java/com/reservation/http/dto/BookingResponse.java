package com.reservation.http.dto;

import com.reservation.engine.slot.api.BookingView;
import java.time.Instant;
import java.util.Map;

/**
 * A booking as its holder sees it. {@code cancelledAt} appears once cancelled, {@code contact} when
 * one was given (personal data: returned only here, to whoever holds the booking id), {@code
 * holdId} when it was confirmed from a hold.
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

  /**
   * The body as the mapper writes it (members in declaration order, nulls left out, times as {@link
   * Instant#toString}), written straight into bytes: every booking answer has one.
   */
  public byte[] toJsonBytes() {
    JsonBytes json =
        new JsonBytes(
            192 + (contact == null ? 0 : 48 * contact.size()), JsonBytes.Surrogates.ESCAPED);
    json.raw('{');
    boolean first = true;
    first = member(json, first, "bookingId", bookingId);
    first = member(json, first, "slotId", slotId);
    first = member(json, first, "customerId", customerId);
    if (!first) json.raw(',');
    json.name("seats").number(seats);
    member(json, false, "status", status);
    if (bookedAt != null) json.raw(',').name("bookedAt").string(bookedAt.toString());
    if (cancelledAt != null) json.raw(',').name("cancelledAt").string(cancelledAt.toString());
    if (contact != null) {
      json.raw(',').name("contact").raw('{');
      boolean firstField = true;
      for (Map.Entry<String, String> field : contact.entrySet()) {
        if (field.getValue() == null) continue;
        firstField = member(json, firstField, field.getKey(), field.getValue());
      }
      json.raw('}');
    }
    member(json, false, "holdId", holdId);
    return json.raw('}').toByteArray();
  }

  /**
   * Writes {@code "name":"value"} unless the value is null; returns whether nothing has been
   * written yet.
   */
  private static boolean member(JsonBytes json, boolean first, String name, String value) {
    if (value == null) return first;
    if (!first) json.raw(',');
    json.name(name).string(value);
    return false;
  }

  @Override
  public String toString() {
    return "BookingResponse[bookingId=<hidden>, slotId=" + slotId + ", status=" + status + "]";
  }
}
