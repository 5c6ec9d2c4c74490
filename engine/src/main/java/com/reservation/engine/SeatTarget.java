package com.reservation.engine;

import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.venue.Venue;
import java.time.Instant;

/**
 * The slot a seat command (book, hold, join the waitlist) is for, resolved once by the caller: its
 * id as the entity knows it, the parts that id names and its venue as found. The engine takes it as
 * it is, so a request's id is parsed once and its venue looked up once.
 *
 * @param slotId the slot's entity id, well formed
 * @param parts what {@code slotId} names
 * @param venue the venue {@code parts} names (its limit, time zone and waitlist policy)
 */
public record SeatTarget(String slotId, SlotId.Parts parts, Venue venue) {
  public SeatTarget {
    if (!parts.venueId().equals(venue.venueId())) {
      throw new IllegalArgumentException("slot " + slotId + " is not at venue " + venue.venueId());
    }
  }

  /** When the slot starts: the moment a customer's allowance for it stops counting. */
  Instant startsAt() {
    return parts.localStart().atZone(venue.timeZone()).toInstant();
  }
}
