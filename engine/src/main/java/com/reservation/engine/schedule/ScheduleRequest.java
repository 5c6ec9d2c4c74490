package com.reservation.engine.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A recurring schedule: slots of {@code slotMinutes} from {@code dailyStart}, ending no later than
 * {@code dailyEnd}, on each day from {@code from} to {@code to} inclusive whose weekday is in
 * {@code daysOfWeek} (all days when empty).
 */
public record ScheduleRequest(
    LocalDate from,
    LocalDate to,
    LocalTime dailyStart,
    LocalTime dailyEnd,
    int slotMinutes,
    int capacity,
    Set<DayOfWeek> daysOfWeek) {

  public ScheduleRequest {
    daysOfWeek =
        daysOfWeek == null || daysOfWeek.isEmpty()
            ? Set.copyOf(EnumSet.allOf(DayOfWeek.class))
            : Set.copyOf(daysOfWeek);
  }
}
