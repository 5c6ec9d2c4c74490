package com.reservation.http.dto;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The availability stream's first event ({@code snapshot}): the day's timetable, slot by slot in
 * start order.
 */
public record AvailabilitySnapshot(String venueId, LocalDate date, List<Slot> slots) {

  /** One slot of the day; {@code status} is CLOSED when an admin closed it or it has started. */
  public record Slot(
      String slotId,
      LocalDateTime start,
      Instant startInstant,
      LocalDateTime end,
      int capacity,
      int booked,
      int held,
      int available,
      String status) {}
}
