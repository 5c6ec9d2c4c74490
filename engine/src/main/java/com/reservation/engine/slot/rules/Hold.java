package com.reservation.engine.slot.rules;

import com.reservation.engine.serialization.CborSerializable;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.HoldView;
import java.time.Instant;
import java.util.Map;

/**
 * Seats taken for a while inside a slot's state: they count against capacity from {@code createdAt}
 * until the hold is confirmed (its seats become a booking's), released, or expires at {@code
 * expiresAt}. A waitlist offer is a hold the slot made itself ({@code entryId} names the entry).
 * {@code grantId} is the customer allowance it uses, when its venue has a per-customer limit.
 * {@code contact} is personal data, kept with the hold only.
 *
 * @param bookingId the booking it became, once CONFIRMED
 * @param endedAt when it stopped holding seats (confirmed, released or expired); null while HELD
 */
public record Hold(
    String holdId,
    String customerId,
    int seats,
    String idempotencyKey,
    Map<String, String> contact,
    Instant createdAt,
    Instant expiresAt,
    HoldStatus status,
    String bookingId,
    String entryId,
    String grantId,
    Instant endedAt)
    implements CborSerializable {

  public Hold {
    contact = contact == null ? Map.of() : Map.copyOf(contact);
  }

  public boolean isHeld() {
    return status == HoldStatus.HELD;
  }

  /**
   * The hold ended: it keeps no contact data (a confirmed hold's contact lives on in its booking).
   */
  public Hold ended(HoldStatus newStatus, String newBookingId, Instant at) {
    return new Hold(
        holdId,
        customerId,
        seats,
        idempotencyKey,
        Map.of(),
        createdAt,
        expiresAt,
        newStatus,
        newBookingId,
        entryId,
        grantId,
        at);
  }

  public HoldView view(String slotId) {
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

  @Override
  public String toString() {
    return "Hold[holdId="
        + holdId
        + ", seats="
        + seats
        + ", status="
        + status
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
