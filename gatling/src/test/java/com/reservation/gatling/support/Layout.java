package com.reservation.gatling.support;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A venue (time zone UTC) and one schedule of {@code slotsPerDay} slots a day over {@code days}
 * days: what a simulation seeds, and how it computes its slot ids ({@code venue_yyyyMMdd_HHmm})
 * without asking the server.
 */
public record Layout(
    String venueId,
    LocalDate from,
    int days,
    LocalTime dailyStart,
    int slotsPerDay,
    int slotMinutes,
    int capacity) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm", Locale.ROOT);

  /** 5-minute slots from 06:00: at most 200 a day (the last ends at 22:40). */
  private static final int MAX_PER_DAY = 200;

  public Layout {
    if (slotsPerDay * slotMinutes >= 24 * 60 - dailyStart.toSecondOfDay() / 60) {
      throw new IllegalArgumentException("the slots of a day must end before midnight");
    }
  }

  /**
   * At least {@code slots} slots of 5 minutes, 200 a day from 06:00, over as many days as needed.
   */
  public static Layout dense(String venueId, LocalDate from, int slots, int capacity) {
    int perDay = Math.min(slots, MAX_PER_DAY);
    int days = (slots + perDay - 1) / perDay;
    return new Layout(venueId, from, days, LocalTime.of(6, 0), perDay, 5, capacity);
  }

  /** A day of a vaccination site: 10-minute slots from 09:00 to 17:00 (48 a day). */
  public static Layout site(String venueId, LocalDate from, int days, int capacity) {
    return new Layout(venueId, from, days, LocalTime.of(9, 0), 48, 10, capacity);
  }

  public int slots() {
    return days * slotsPerDay;
  }

  public LocalDate to() {
    return from.plusDays(days - 1L);
  }

  public LocalDate day(int dayIndex) {
    return from.plusDays(dayIndex);
  }

  /** The id of slot number {@code index} (0-based, day after day, in time order). */
  public String slotId(int index) {
    if (index < 0 || index >= slots())
      throw new IndexOutOfBoundsException("slot " + index + " of " + slots());
    LocalDate day = from.plusDays(index / slotsPerDay);
    LocalTime start = dailyStart.plusMinutes((long) (index % slotsPerDay) * slotMinutes);
    return venueId + "_" + DAY.format(day) + "_" + TIME.format(start);
  }

  /**
   * The body of {@code POST /admin/venues/{venueId}/schedules} that defines exactly these slots.
   */
  public Map<String, Object> scheduleRequest() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from.toString());
    body.put("to", to().toString());
    body.put("dailyStart", dailyStart.toString());
    body.put("dailyEnd", dailyStart.plusMinutes((long) slotsPerDay * slotMinutes).toString());
    body.put("slotMinutes", slotMinutes);
    body.put("capacity", capacity);
    return body;
  }
}
