package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * What a schedule says about one slot: where and when (in the venue's local time, with the instant
 * it starts) and how many seats it has. Two definitions of the same slot conflict when their length
 * or capacity differ.
 */
public record SlotDefinition(
    String slotId,
    String venueId,
    LocalDateTime start,
    LocalDateTime end,
    Instant startInstant,
    int capacity)
    implements CborSerializable {

  public LocalDate localDate() {
    return start.toLocalDate();
  }
}
