package com.reservation.http.dto;

import com.reservation.engine.venue.Venue;

/** A venue as the admin API shows it. */
public record VenueResponse(String venueId, String name, String timeZone) {
  public static VenueResponse of(Venue venue) {
    return new VenueResponse(venue.venueId(), venue.name(), venue.timeZone().getId());
  }
}
