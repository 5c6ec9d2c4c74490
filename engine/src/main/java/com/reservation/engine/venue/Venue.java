package com.reservation.engine.venue;

import java.time.ZoneId;

/** A place with a calendar: slots are defined and named in its local time. */
public record Venue(String venueId, String name, ZoneId timeZone) {}
