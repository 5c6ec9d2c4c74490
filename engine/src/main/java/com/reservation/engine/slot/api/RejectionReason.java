package com.reservation.engine.slot.api;

/**
 * Why a slot refused a command. Rejections are decided from memory and never written to the
 * journal.
 */
public enum RejectionReason {
  SLOT_FULL,
  ALREADY_BOOKED,
  SLOT_CLOSED,
  UNKNOWN_SLOT,
  UNKNOWN_BOOKING,
  CAPACITY_BELOW_BOOKED,
  INVALID_REQUEST,
  IDEMPOTENCY_KEY_REUSED,
  DEFINITION_CONFLICT,
  /** The hold expired or was released: its seats went back (confirming it is refused). */
  HOLD_EXPIRED,
  /** The hold was confirmed: releasing it would not free its seats (cancel the booking instead). */
  HOLD_CONFIRMED,
  UNKNOWN_HOLD,
  UNKNOWN_ENTRY,
  /** Joining the waitlist while the seats could be booked (or held) now. */
  SEATS_AVAILABLE,
  WAITLIST_FULL,
  /** The customer already has the venue's maximum of active bookings and holds. */
  CUSTOMER_LIMIT_REACHED,
  /**
   * The slot's buffer of waiting commands is full: nothing was decided, the caller may retry later.
   */
  OVERLOADED,
  /**
   * The store failed while this command's write was in flight: the outcome is unknown, retry with
   * the same key.
   */
  UNAVAILABLE
}
