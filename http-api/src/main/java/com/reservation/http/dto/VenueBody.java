package com.reservation.http.dto;

import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.WaitlistPolicy;
import java.time.ZoneId;

/**
 * {@code PUT /admin/venues/{venueId}}: {@code {"name": "PWTC", "timeZone": "Asia/Kuala_Lumpur"}},
 * optionally {@code "maxActiveBookingsPerCustomer": 2} (absent: no limit) and {@code
 * "waitlistPolicy": "FIRST_FIT"} (absent: FIFO).
 */
public record VenueBody(
    String name, String timeZone, Integer maxActiveBookingsPerCustomer, String waitlistPolicy) {
  public static final int MAX_NAME = 200;
  public static final int MAX_LIMIT = 1000;

  /** The venue this body describes; the time zone must be an IANA region id, not a bare offset. */
  public Venue toVenue(String venueId) {
    InvalidRequest.require(
        name != null && !name.isBlank(), "name is required (1 to " + MAX_NAME + " characters)");
    InvalidRequest.require(
        name.length() <= MAX_NAME, "name must be at most " + MAX_NAME + " characters");
    InvalidRequest.require(timeZone != null, "timeZone is required, e.g. \"Asia/Kuala_Lumpur\"");
    // ZoneId.of would also take "+08:00" or "UTC+8"; a venue needs a region so daylight saving is
    // known.
    InvalidRequest.require(
        ZoneId.getAvailableZoneIds().contains(timeZone),
        "timeZone must be an IANA time zone id, e.g. \"Asia/Kuala_Lumpur\"");
    InvalidRequest.require(
        maxActiveBookingsPerCustomer == null
            || (maxActiveBookingsPerCustomer >= 1 && maxActiveBookingsPerCustomer <= MAX_LIMIT),
        "maxActiveBookingsPerCustomer must be between 1 and "
            + MAX_LIMIT
            + " (leave it out for no limit)");
    return new Venue(venueId, name, ZoneId.of(timeZone), maxActiveBookingsPerCustomer, policy());
  }

  private WaitlistPolicy policy() {
    if (waitlistPolicy == null) return WaitlistPolicy.FIFO;
    for (WaitlistPolicy p : WaitlistPolicy.values()) if (p.name().equals(waitlistPolicy)) return p;
    throw new InvalidRequest("waitlistPolicy must be FIFO or FIRST_FIT");
  }
}
