package com.reservation.http.dto;

import com.reservation.engine.availability.TimetableSlot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** A venue's day, slot by slot in start order, from the read model. */
public record TimetableResponse(String venueId, LocalDate date, List<Slot> slots) {

  /**
   * One slot of the day; {@code status} is CLOSED when an admin closed it or it has started; {@code
   * available} = capacity - booked - held; {@code waitlist} counts the entries waiting.
   */
  public record Slot(
      String slotId,
      LocalDateTime start,
      Instant startInstant,
      LocalDateTime end,
      int capacity,
      int booked,
      int available,
      String status,
      int held,
      int waitlist) {}

  public static TimetableResponse of(String venueId, LocalDate date, List<TimetableSlot> slots) {
    return new TimetableResponse(
        venueId,
        date,
        slots.stream()
            .map(
                s ->
                    new Slot(
                        s.slotId(),
                        s.start(),
                        s.startInstant(),
                        s.end(),
                        s.capacity(),
                        s.booked(),
                        s.available(),
                        s.status().name(),
                        s.held(),
                        s.waitlist()))
            .toList());
  }
}
