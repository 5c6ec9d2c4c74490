package com.reservation.engine.slot;

/**
 * Where a slot reports, once the write is durable, that a customer allowance (a grant of a venue's
 * per-customer limit) is no longer used: its booking was cancelled, its hold released or expired,
 * its waitlist entry left or expired. Best effort: a report lost with a node is made good by the
 * allowance, which asks the slot when it needs to know.
 */
public interface GrantReleases {
  /** A grant ended in {@code venueId}'s slot for {@code customerId}. */
  void ended(String venueId, String customerId, String grantId);

  /** Reports nothing: venues without limits, and tests. */
  GrantReleases NONE = (venueId, customerId, grantId) -> {};
}
