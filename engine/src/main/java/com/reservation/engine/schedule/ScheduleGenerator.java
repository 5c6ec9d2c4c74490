package com.reservation.engine.schedule;

import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.venue.Venue;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Produces a schedule's slot definitions in the venue's local time. On a daylight-saving change no
 * slot starts in the skipped hour, and in a repeated hour only the first occurrence gets a slot
 * (slot ids are local times, so a second one could not even be named).
 */
public final class ScheduleGenerator {

  /** A schedule that cannot produce slots; the message says which field to fix. */
  public static final class InvalidSchedule extends IllegalArgumentException {
    public InvalidSchedule(String message) {
      super(message);
    }
  }

  private ScheduleGenerator() {}

  /** Checks the request's own consistency; limits on its size are the caller's. */
  public static void validate(ScheduleRequest request, int maxCapacity) {
    if (request.from() == null || request.to() == null)
      throw new InvalidSchedule("from and to are required dates");
    if (request.dailyStart() == null || request.dailyEnd() == null) {
      throw new InvalidSchedule("dailyStart and dailyEnd are required times");
    }
    if (request.to().isBefore(request.from()))
      throw new InvalidSchedule("to must not be before from");
    if (request.slotMinutes() < 1 || request.slotMinutes() > 1440) {
      throw new InvalidSchedule("slotMinutes must be between 1 and 1440");
    }
    if (request.capacity() < 1 || request.capacity() > maxCapacity) {
      throw new InvalidSchedule("capacity must be between 1 and " + maxCapacity);
    }
    if (!request.dailyEnd().isAfter(request.dailyStart())) {
      throw new InvalidSchedule("dailyEnd must be after dailyStart");
    }
  }

  /**
   * How many slots the request names, without building them (for the size limit), in constant time:
   * a request may name any dates ("-999999999-01-01" is a valid LocalDate), so counting day by day
   * would let one request keep a thread busy for hours before its size is refused.
   */
  public static long count(ScheduleRequest request) {
    long perDay = perDayStarts(request).size();
    if (perDay == 0) return 0;
    return perDay * matchingDays(request.from(), request.to(), request.daysOfWeek());
  }

  /**
   * Days from {@code from} to {@code to} (inclusive) whose day of the week is one of {@code days}.
   */
  static long matchingDays(LocalDate from, LocalDate to, Set<DayOfWeek> days) {
    if (to.isBefore(from)) return 0;
    long total = ChronoUnit.DAYS.between(from, to) + 1;
    long count = (total / 7) * days.size();
    DayOfWeek day = from.getDayOfWeek();
    for (long i = 0; i < total % 7; i++) {
      if (days.contains(day)) count++;
      day = day.plus(1);
    }
    return count;
  }

  public static List<SlotDefinition> generate(Venue venue, ScheduleRequest request) {
    ZoneId zone = venue.timeZone();
    List<LocalTime> starts = perDayStarts(request);
    List<SlotDefinition> slots = new ArrayList<>();
    for (LocalDate day = request.from(); !day.isAfter(request.to()); day = day.plusDays(1)) {
      if (!request.daysOfWeek().contains(day.getDayOfWeek())) continue;
      for (LocalTime time : starts) {
        LocalDateTime start = LocalDateTime.of(day, time);
        firstOccurrence(start, zone)
            .ifPresent(
                instant ->
                    slots.add(
                        new SlotDefinition(
                            SlotId.of(venue.venueId(), start),
                            venue.venueId(),
                            start,
                            start.plusMinutes(request.slotMinutes()),
                            instant.toInstant(),
                            request.capacity())));
      }
    }
    return slots;
  }

  private static List<LocalTime> perDayStarts(ScheduleRequest request) {
    List<LocalTime> starts = new ArrayList<>();
    int startMinute = request.dailyStart().toSecondOfDay() / 60;
    int endMinute = request.dailyEnd().toSecondOfDay() / 60;
    for (int m = startMinute; m + request.slotMinutes() <= endMinute; m += request.slotMinutes()) {
      starts.add(LocalTime.ofSecondOfDay(m * 60L));
    }
    return starts;
  }

  /** The instant a local start denotes: none in a gap, the earlier one in an overlap. */
  static Optional<ZonedDateTime> firstOccurrence(LocalDateTime local, ZoneId zone) {
    if (zone.getRules().getValidOffsets(local).isEmpty()) return Optional.empty();
    return Optional.of(ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap());
  }
}
