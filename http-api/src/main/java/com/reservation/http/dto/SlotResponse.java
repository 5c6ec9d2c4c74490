package com.reservation.http.dto;

import com.reservation.engine.slot.SlotView;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A slot as its entity answers it: exact, never stale. {@code available} = capacity - booked - held; {@code waitlist}
 * counts the entries waiting.
 */
public record SlotResponse(
    String slotId,
    String venueId,
    LocalDateTime start,
    Instant startInstant,
    LocalDateTime end,
    int capacity,
    int booked,
    int available,
    String status,
    int held,
    int waitlist) {

  /** A slot without holds or waitlist. */
  public SlotResponse(
      String slotId,
      String venueId,
      LocalDateTime start,
      Instant startInstant,
      LocalDateTime end,
      int capacity,
      int booked,
      int available,
      String status) {
    this(slotId, venueId, start, startInstant, end, capacity, booked, available, status, 0, 0);
  }

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
        view.status().name(),
        view.held(),
        view.waitlist());
  }
}
