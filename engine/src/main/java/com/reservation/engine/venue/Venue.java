package com.reservation.engine.venue;

import java.time.ZoneId;

/**
 * A place with a calendar: slots are defined and named in its local time.
 *
 * @param maxActiveBookingsPerCustomer null: no limit; otherwise a customer's confirmed bookings
 *     plus holds (and waitlist entries) in its slots that have not started, at most
 * @param waitlistPolicy how freed seats are offered to its slots' waitlists
 */
public record Venue(
    String venueId,
    String name,
    ZoneId timeZone,
    Integer maxActiveBookingsPerCustomer,
    WaitlistPolicy waitlistPolicy) {

  public Venue {
    if (waitlistPolicy == null) waitlistPolicy = WaitlistPolicy.FIFO;
  }

  /** A venue without a per-customer limit, its waitlists first come first served. */
  public Venue(String venueId, String name, ZoneId timeZone) {
    this(venueId, name, timeZone, null, WaitlistPolicy.FIFO);
  }

  public boolean hasCustomerLimit() {
    return maxActiveBookingsPerCustomer != null;
  }
}
