package com.reservation.http.dto;

import com.reservation.engine.slot.api.EntryView;
import java.time.Instant;
import java.util.Map;

/**
 * A waitlist entry as its customer sees it: {@code position} while WAITING, {@code holdId} and
 * {@code expiresAt} once OFFERED (confirm it like any hold), {@code bookingId} once CONFIRMED;
 * {@code contact} when one was given.
 */
public record WaitlistEntryResponse(
    String entryId,
    String slotId,
    String customerId,
    int seats,
    String status,
    Integer position,
    String holdId,
    Instant expiresAt,
    String bookingId,
    Instant joinedAt,
    Map<String, String> contact) {

  public static WaitlistEntryResponse of(EntryView view) {
    return new WaitlistEntryResponse(
        view.entryId(),
        view.slotId(),
        view.customerId(),
        view.seats(),
        view.status().name(),
        view.position(),
        view.holdId(),
        view.expiresAt(),
        view.bookingId(),
        view.joinedAt(),
        view.contact() == null || view.contact().isEmpty() ? null : view.contact());
  }

  @Override
  public String toString() {
    return "WaitlistEntryResponse[entryId=<hidden>, slotId=" + slotId + ", status=" + status + "]";
  }
}
