package com.reservation.http.dto;

import com.reservation.engine.availability.CalendarDay;
import java.time.LocalDate;
import java.util.List;

/**
 * A venue's days between {@code from} and {@code to} (inclusive) that have slots, from the read
 * model.
 */
public record CalendarResponse(String venueId, LocalDate from, LocalDate to, List<Day> days) {

  /** {@code available} counts seats neither booked nor held, over open slots only. */
  public record Day(
      LocalDate date, int slots, long capacity, long booked, long available, long held) {}

  public static CalendarResponse of(
      String venueId, LocalDate from, LocalDate to, List<CalendarDay> days) {
    return new CalendarResponse(
        venueId,
        from,
        to,
        days.stream()
            .map(
                d ->
                    new Day(d.date(), d.slots(), d.capacity(), d.booked(), d.available(), d.held()))
            .toList());
  }
}
