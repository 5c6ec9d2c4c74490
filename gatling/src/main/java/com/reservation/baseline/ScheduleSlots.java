package com.reservation.baseline;

import com.reservation.baseline.Messages.ScheduleRequest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Expands a schedule request into slots, with the engine's slot ids and daylight-saving rules. */
final class ScheduleSlots {
  static final int MAX_SLOTS = 100_000;
  static final int MAX_CAPACITY = 100_000;
  private static final DateTimeFormatter ID_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmm", Locale.ROOT);

  private ScheduleSlots() {}

  record SlotRow(
      String id,
      LocalDate day,
      LocalDateTime start,
      LocalDateTime end,
      ZonedDateTime startZoned,
      int capacity) {}

  /** Thrown for a request the contract calls invalid (400). */
  static final class InvalidSchedule extends RuntimeException {
    InvalidSchedule(String message) {
      super(message);
    }
  }

  static List<SlotRow> expand(String venueId, ZoneId zone, ScheduleRequest request) {
    LocalDate from;
    LocalDate to;
    LocalTime dailyStart;
    LocalTime dailyEnd;
    try {
      from = LocalDate.parse(request.from());
      to = LocalDate.parse(request.to());
      dailyStart = LocalTime.parse(request.dailyStart());
      dailyEnd = LocalTime.parse(request.dailyEnd());
    } catch (RuntimeException e) {
      throw new InvalidSchedule("from, to (dates) and dailyStart, dailyEnd (times) are required");
    }
    int minutes = request.slotMinutes() == null ? 0 : request.slotMinutes();
    int capacity = request.capacity() == null ? 0 : request.capacity();
    if (to.isBefore(from)) throw new InvalidSchedule("to is before from");
    if (!dailyStart.isBefore(dailyEnd))
      throw new InvalidSchedule("dailyStart must be before dailyEnd");
    if (minutes < 1 || minutes > 24 * 60) throw new InvalidSchedule("slotMinutes must be 1..1440");
    if (capacity < 1 || capacity > MAX_CAPACITY)
      throw new InvalidSchedule("capacity must be 1.." + MAX_CAPACITY);
    Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
    if (request.daysOfWeek() != null && !request.daysOfWeek().isEmpty()) {
      days = EnumSet.noneOf(DayOfWeek.class);
      for (String day : request.daysOfWeek()) {
        try {
          days.add(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new InvalidSchedule("unknown day of week " + day);
        }
      }
    }
    List<SlotRow> slots = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (!days.contains(day.getDayOfWeek())) continue;
      for (LocalTime start = dailyStart; ; start = start.plusMinutes(minutes)) {
        LocalTime end = start.plusMinutes(minutes);
        if (end.isAfter(dailyEnd) || end.isBefore(start) || start.isBefore(dailyStart)) break;
        LocalDateTime local = day.atTime(start);
        // A local time skipped by a daylight-saving change gets no slot; a repeated one keeps its
        // first occurrence.
        if (zone.getRules().getValidOffsets(local).isEmpty()) continue;
        slots.add(
            new SlotRow(
                venueId + "_" + ID_FORMAT.format(local),
                day,
                local,
                day.atTime(end),
                ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap(),
                capacity));
        if (slots.size() > MAX_SLOTS)
          throw new InvalidSchedule("a schedule defines at most " + MAX_SLOTS + " slots");
      }
    }
    return slots;
  }
}
