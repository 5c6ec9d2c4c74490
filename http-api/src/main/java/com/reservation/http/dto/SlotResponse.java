package com.reservation.http.dto;

import com.reservation.engine.slot.SlotView;
import java.time.Instant;
import java.time.LocalDateTime;

/** A slot as its entity answers it: exact, never stale. */
public record SlotResponse(
    String slotId,
    String venueId,
    LocalDateTime start,
    Instant startInstant,
    LocalDateTime end,
    int capacity,
    int booked,
    int available,
    String status) {

  public static SlotResponse of(SlotView view) {
    return new SlotResponse(
        view.slotId(),
        view.venueId(),
        view.start(),
        view.startInstant(),
        view.end(),
        view.capacity(),
        view.booked(),
        view.available(),
        view.status().name());
  }
}
