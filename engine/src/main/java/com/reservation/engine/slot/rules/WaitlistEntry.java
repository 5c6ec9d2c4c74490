package com.reservation.engine.slot.rules;

import com.reservation.engine.serialization.CborSerializable;
import com.reservation.engine.slot.api.EntryStatus;
import java.time.Instant;
import java.util.Map;

/**
 * One customer waiting for seats in a slot. {@code seq} is its place in the slot's line (arrival
 * order, never reused); {@code holdId} names the offer once OFFERED, {@code bookingId} the booking
 * once CONFIRMED. {@code grantId} is the customer allowance it reserved when its venue has a
 * per-customer limit (it follows the offer and the booking). {@code contact} is personal data, kept
 * with the entry only.
 */
public record WaitlistEntry(
    String entryId,
    String customerId,
    int seats,
    Map<String, String> contact,
    long seq,
    Instant joinedAt,
    EntryStatus status,
    String holdId,
    String bookingId,
    String grantId,
    Instant endedAt)
    implements CborSerializable {

  public WaitlistEntry {
    contact = contact == null ? Map.of() : Map.copyOf(contact);
  }

  /** Still in the slot's hands: waiting, or holding an offer. */
  public boolean isActive() {
    return status == EntryStatus.WAITING || status == EntryStatus.OFFERED;
  }

  public WaitlistEntry offered(String newHoldId) {
    return new WaitlistEntry(
        entryId,
        customerId,
        seats,
        contact,
        seq,
        joinedAt,
        EntryStatus.OFFERED,
        newHoldId,
        bookingId,
        grantId,
        endedAt);
  }

  /**
   * The entry ended: it keeps no contact data (a confirmed entry's contact lives on in its
   * booking).
   */
  public WaitlistEntry ended(EntryStatus newStatus, String newBookingId, Instant at) {
    return new WaitlistEntry(
        entryId,
        customerId,
        seats,
        Map.of(),
        seq,
        joinedAt,
        newStatus,
        holdId,
        newBookingId,
        grantId,
        at);
  }

  @Override
  public String toString() {
    return "WaitlistEntry[entryId="
        + entryId
        + ", seats="
        + seats
        + ", seq="
        + seq
        + ", status="
        + status
        + "]";
  }
}
