package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.Map;

/**
 * A waitlist entry as returned to its customer. {@code position} (1 + the WAITING entries ahead) is
 * set while WAITING; {@code holdId} and {@code expiresAt} once OFFERED; {@code bookingId} once
 * CONFIRMED. {@code contact} is personal data: returned only with the entry.
 */
public record EntryView(
    String entryId,
    String slotId,
    String customerId,
    int seats,
    EntryStatus status,
    Integer position,
    String holdId,
    Instant expiresAt,
    String bookingId,
    Instant joinedAt,
    Map<String, String> contact)
    implements CborSerializable {

  @Override
  public String toString() {
    return "EntryView[slotId="
        + slotId
        + ", seats="
        + seats
        + ", status="
        + status
        + ", position="
        + position
        + "]";
  }

  /** The same entry answered with {@code contact} (opened from what is stored). */
  public EntryView withContact(Map<String, String> contact) {
    return new EntryView(
        entryId,
        slotId,
        customerId,
        seats,
        status,
        position,
        holdId,
        expiresAt,
        bookingId,
        joinedAt,
        contact);
  }
}
