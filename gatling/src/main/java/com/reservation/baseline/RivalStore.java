package com.reservation.baseline;

import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.Booking;
import com.reservation.baseline.Messages.Calendar;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.ScheduleResult;
import com.reservation.baseline.Messages.Slot;
import com.reservation.baseline.Messages.Timetable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The storage behind one rival of the benchmark ({@code lock-naive}, {@code lock-best}, {@code
 * redis}): every call blocks, and the front end ({@link BaselineRoutes}) runs it on the rival's own
 * executor, sized like its connection pool. What a store cannot serve throws {@link
 * UnsupportedOperationException} (answered 501).
 */
interface RivalStore extends AutoCloseable {
  /** The rival's name in logs and reports. */
  String name();

  /** Creates the tables or loads the script; idempotent. */
  void init() throws Exception;

  /**
   * Creates or updates a venue; true when it was created. {@code maxActive}: null (no limit) or 1.
   */
  boolean putVenue(String venueId, String name, ZoneId zone, Integer maxActive) throws Exception;

  /** Defines the schedule's slots; empty when the venue is unknown. */
  Optional<ScheduleResult> defineSchedule(String venueId, ScheduleRequest request) throws Exception;

  /** The hot path: one booking, atomically checked against capacity and the customer's limits. */
  BookOutcome book(String slotId, String customerId, int seats, String contactJson)
      throws Exception;

  Optional<Slot> slot(String slotId) throws Exception;

  default Optional<Booking> booking(String slotId, String bookingId) throws Exception {
    throw new UnsupportedOperationException(name() + " does not look bookings up");
  }

  default Optional<Booking> cancel(String slotId, String bookingId) throws Exception {
    throw new UnsupportedOperationException(name() + " does not cancel");
  }

  default Optional<Calendar> calendar(String venueId, LocalDate from, LocalDate to)
      throws Exception {
    throw new UnsupportedOperationException(name() + " keeps no calendar");
  }

  default Optional<Timetable> timetable(String venueId, LocalDate date) throws Exception {
    throw new UnsupportedOperationException(name() + " keeps no timetable");
  }

  boolean ready();

  /** Resizes the connection pool (the pool-size sweep); false when this store has no such pool. */
  default boolean resize(int connections) {
    return false;
  }

  @Override
  default void close() throws Exception {}
}
