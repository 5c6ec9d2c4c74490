package com.reservation.http.dto;

import com.reservation.engine.schedule.ScheduleRequest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code POST /admin/venues/{venueId}/schedules}. Checked here for presence and shape; the engine
 * then checks the schedule's own consistency and size ({@code ScheduleGenerator.InvalidSchedule}).
 */
public record ScheduleBody(
    LocalDate from,
    LocalDate to,
    LocalTime dailyStart,
    LocalTime dailyEnd,
    Integer slotMinutes,
    Integer capacity,
    List<DayOfWeek> daysOfWeek) {

  public ScheduleRequest toRequest() {
    InvalidRequest.require(from != null, "from is required (a date, e.g. \"2026-12-01\")");
    InvalidRequest.require(to != null, "to is required (a date, e.g. \"2027-01-31\")");
    InvalidRequest.require(!to.isBefore(from), "to must not be before from");
    InvalidRequest.require(dailyStart != null, "dailyStart is required (a time, e.g. \"09:00\")");
    InvalidRequest.require(dailyEnd != null, "dailyEnd is required (a time, e.g. \"17:00\")");
    // Slot ids name minutes: a start at 09:00:30 could not be named.
    InvalidRequest.require(
        wholeMinute(dailyStart), "dailyStart must be a whole minute, e.g. \"09:00\"");
    InvalidRequest.require(
        wholeMinute(dailyEnd), "dailyEnd must be a whole minute, e.g. \"17:00\"");
    InvalidRequest.require(slotMinutes != null, "slotMinutes is required (1 to 1440)");
    InvalidRequest.require(capacity != null, "capacity is required");
    InvalidRequest.require(
        daysOfWeek == null || (!daysOfWeek.isEmpty() && !daysOfWeek.contains(null)),
        "daysOfWeek, when given, names at least one day, e.g. [\"MONDAY\"]; leave it out for every day");
    return new ScheduleRequest(
        from,
        to,
        dailyStart,
        dailyEnd,
        slotMinutes,
        capacity,
        daysOfWeek == null ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(daysOfWeek));
  }

  private static boolean wholeMinute(LocalTime time) {
    return time.getSecond() == 0 && time.getNano() == 0;
  }
}
