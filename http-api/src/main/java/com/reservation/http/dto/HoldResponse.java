package com.reservation.http.dto;

import com.reservation.engine.slot.api.HoldView;
import java.time.Instant;
import java.util.Map;

/**
 * A hold as its holder sees it: {@code status} HELD, CONFIRMED (with {@code bookingId}), RELEASED
 * or EXPIRED; {@code entryId} when it is a waitlist offer; {@code contact} when one was given
 * (personal data, returned only here).
 */
public record HoldResponse(
    String holdId,
    String slotId,
    String customerId,
    int seats,
    String status,
    Instant createdAt,
    Instant expiresAt,
    String bookingId,
    String entryId,
    Map<String, String> contact) {

  public static HoldResponse of(HoldView view) {
    return new HoldResponse(
        view.holdId(),
        view.slotId(),
        view.customerId(),
        view.seats(),
        view.status().name(),
        view.createdAt(),
        view.expiresAt(),
        view.bookingId(),
        view.entryId(),
        view.contact() == null || view.contact().isEmpty() ? null : view.contact());
  }

  @Override
  public String toString() {
    return "HoldResponse[holdId=<hidden>, slotId=" + slotId + ", status=" + status + "]";
  }
}
