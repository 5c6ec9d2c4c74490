package com.reservation.baseline;

import java.util.List;
import java.util.Map;

/** The JSON shapes of the HTTP contract that the baseline serves (the subset the workloads use). */
public final class Messages {
  private Messages() {}

  /**
   * {@code maxActiveBookingsPerCustomer}: null for no limit; the rivals enforce 1 (what the
   * benchmark's citizen workload sets) and refuse other values.
   */
  public record VenueRequest(String name, String timeZone, Integer maxActiveBookingsPerCustomer) {}

  public record ScheduleRequest(
      String from,
      String to,
      String dailyStart,
      String dailyEnd,
      Integer slotMinutes,
      Integer capacity,
      List<String> daysOfWeek) {}

  public record ScheduleResult(String venueId, int slotsDefined, int slotsUnchanged) {}

  public record BookRequest(String customerId, Integer seats, Map<String, String> contact) {}

  public record Booking(
      String bookingId,
      String slotId,
      String customerId,
      int seats,
      String status,
      String bookedAt) {}

  public record Slot(
      String slotId,
      String venueId,
      String start,
      String startInstant,
      String end,
      int capacity,
      int booked,
      int available,
      String status) {}

  public record TimetableSlot(
      String slotId,
      String start,
      String startInstant,
      String end,
      int capacity,
      int booked,
      int available,
      String status) {}

  public record Timetable(String venueId, String date, List<TimetableSlot> slots) {}

  public record CalendarDay(String date, int slots, long capacity, long booked, long available) {}

  public record Calendar(String venueId, String from, String to, List<CalendarDay> days) {}

  public record Health(String status) {}

  /**
   * The outcome of a booking attempt: a confirmed booking, or the problem code of its rejection.
   */
  public sealed interface BookOutcome {
    record Confirmed(Booking booking) implements BookOutcome {}

    /**
     * {@code code} is one of slot-full, slot-closed, already-booked, customer-limit-reached,
     * not-found.
     */
    record Rejected(String code) implements BookOutcome {}
  }
}
