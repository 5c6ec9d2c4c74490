package com.reservation.engine.availability;

import java.time.LocalDate;

/** One day of a venue's calendar; {@code available} counts seats over open slots only. */
public record CalendarDay(LocalDate date, int slots, long capacity, long booked, long available) {}
