package com.reservation.engine.availability;

import java.time.LocalDate;

/**
 * One day of a venue's calendar; {@code available} counts seats neither booked nor held, over open
 * slots only.
 */
public record CalendarDay(
    LocalDate date, int slots, long capacity, long booked, long available, long held) {

  /** A day without holds. */
  public CalendarDay(LocalDate date, int slots, long capacity, long booked, long available) {
    this(date, slots, capacity, booked, available, 0);
  }
}
