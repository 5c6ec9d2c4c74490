package com.reservation.http.dto;

import com.reservation.engine.venue.Venue;

/**
 * A venue as the admin API shows it; {@code maxActiveBookingsPerCustomer} only when it has a limit.
 */
public record VenueResponse(
    String venueId,
    String name,
    String timeZone,
    Integer maxActiveBookingsPerCustomer,
    String waitlistPolicy) {
  public static VenueResponse of(Venue venue) {
    return new VenueResponse(
        venue.venueId(),
        venue.name(),
        venue.timeZone().getId(),
        venue.maxActiveBookingsPerCustomer(),
        venue.waitlistPolicy().name());
  }
}
