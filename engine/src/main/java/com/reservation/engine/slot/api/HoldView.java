package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.Map;

/**
 * A hold as returned to its holder. {@code bookingId} is set once CONFIRMED, {@code entryId} when
 * the hold is a waitlist offer. {@code contact} is personal data: returned only with the hold.
 */
public record HoldView(
    String holdId,
    String slotId,
    String customerId,
    int seats,
    HoldStatus status,
    Instant createdAt,
    Instant expiresAt,
    String bookingId,
    String entryId,
    Map<String, String> contact)
    implements CborSerializable {

  @Override
  public String toString() {
    return "HoldView[slotId=" + slotId + ", seats=" + seats + ", status=" + status + "]";
  }

  /** The same hold answered with {@code contact} (opened from what is stored). */
  public HoldView withContact(Map<String, String> contact) {
    return new HoldView(
        holdId,
        slotId,
        customerId,
        seats,
        status,
        createdAt,
        expiresAt,
        bookingId,
        entryId,
        contact);
  }
}
