package com.reservation.baseline;

import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.Booking;
import com.reservation.baseline.Messages.Calendar;
import com.reservation.baseline.Messages.CalendarDay;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.ScheduleResult;
import com.reservation.baseline.Messages.Slot;
import com.reservation.baseline.Messages.Timetable;
import com.reservation.baseline.Messages.TimetableSlot;
import com.reservation.baseline.ScheduleSlots.SlotRow;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The baseline's storage: every operation is one short transaction on a pooled connection
 * (auto-commit off).
 *
 * <p>A booking is the classic conditional update: the row lock taken by {@code UPDATE ... WHERE
 * booked + seats <= capacity} serialises the bookings of one slot, and the insert happens under
 * that lock. A partial unique index keeps one confirmed booking per customer per slot, as the
 * engine's rules do.
 */
final class BaselineStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();
  private static final String UNIQUE_VIOLATION = "23505";

  static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS baseline_venue (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL)""",
          """
          CREATE TABLE IF NOT EXISTS baseline_slot (
            id TEXT PRIMARY KEY,
            venue_id TEXT NOT NULL REFERENCES baseline_venue (id),
            day DATE NOT NULL,
            starts_at TIMESTAMP NOT NULL,
            ends_at TIMESTAMP NOT NULL,
            start_instant TIMESTAMPTZ NOT NULL,
            capacity INT NOT NULL,
            booked INT NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'OPEN',
            CHECK (booked BETWEEN 0 AND capacity))""",
          "CREATE INDEX IF NOT EXISTS baseline_slot_by_day ON baseline_slot (venue_id, day, starts_at)",
          """
          CREATE TABLE IF NOT EXISTS baseline_booking (
            booking_id TEXT PRIMARY KEY,
            slot_id TEXT NOT NULL REFERENCES baseline_slot (id),
            customer_id TEXT NOT NULL,
            seats INT NOT NULL,
            status TEXT NOT NULL,
            contact TEXT,
            booked_at TIMESTAMPTZ NOT NULL)""",
          """
          CREATE UNIQUE INDEX IF NOT EXISTS baseline_booking_one_per_customer
            ON baseline_booking (slot_id, customer_id) WHERE status = 'CONFIRMED'""");

  /** The hot path, exactly the design under comparison (pgbench runs the same two statements). */
  static final String BOOK_UPDATE =
      "UPDATE baseline_slot SET booked = booked + ? "
          + "WHERE id = ? AND booked + ? <= capacity AND status = 'OPEN' AND start_instant > now()";

  static final String BOOK_INSERT =
      "INSERT INTO baseline_booking (booking_id, slot_id, customer_id, seats, status, contact, booked_at) "
          + "VALUES (?, ?, ?, ?, 'CONFIRMED', ?, ?)";

  private final DataSource pool;

  BaselineStore(DataSource pool) {
    this.pool = pool;
  }

  void createSchema() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      // Two baselines starting on one database must not race on CREATE ... IF NOT EXISTS.
      s.execute("SELECT pg_advisory_xact_lock(872331)");
      for (String ddl : SCHEMA) s.execute(ddl);
      c.commit();
    }
  }

  /** Returns true when the venue was created, false when it existed (and was updated). */
  boolean putVenue(String venueId, String name, ZoneId zone) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO baseline_venue (id, name, time_zone) VALUES (?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone "
                    + "RETURNING (xmax = 0)")) {
      s.setString(1, venueId);
      s.setString(2, name);
      s.setString(3, zone.getId());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        boolean created = rs.getBoolean(1);
        c.commit();
        return created;
      }
    }
  }

  Optional<ZoneId> venueZone(Connection c, String venueId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT time_zone FROM baseline_venue WHERE id = ?")) {
      s.setString(1, venueId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(ZoneId.of(rs.getString(1))) : Optional.empty();
      }
    }
  }

  /**
   * Defines the schedule's slots; existing ones are counted as unchanged. Empty when the venue is
   * unknown.
   */
  Optional<ScheduleResult> defineSchedule(String venueId, ScheduleRequest request)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        Optional<ZoneId> zone = venueZone(c, venueId);
        if (zone.isEmpty()) {
          c.rollback();
          return Optional.empty();
        }
        List<SlotRow> slots = ScheduleSlots.expand(venueId, zone.get(), request);
        int defined = 0;
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO baseline_slot (id, venue_id, day, starts_at, ends_at, start_instant, capacity) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
          for (SlotRow slot : slots) {
            s.setString(1, slot.id());
            s.setString(2, venueId);
            s.setObject(3, slot.day());
            s.setObject(4, slot.start());
            s.setObject(5, slot.end());
            s.setObject(6, slot.startZoned().toOffsetDateTime());
            s.setInt(7, slot.capacity());
            s.addBatch();
          }
          for (int count : s.executeBatch()) defined += count;
        }
        c.commit();
        return Optional.of(new ScheduleResult(venueId, defined, slots.size() - defined));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  BookOutcome book(String slotId, String customerId, int seats, String contactJson)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        int updated;
        try (PreparedStatement update = c.prepareStatement(BOOK_UPDATE)) {
          update.setInt(1, seats);
          update.setString(2, slotId);
          update.setInt(3, seats);
          updated = update.executeUpdate();
        }
        if (updated == 0) {
          BookOutcome why = whyNot(c, slotId);
          c.rollback();
          return why;
        }
        String bookingId = newBookingId();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement insert = c.prepareStatement(BOOK_INSERT)) {
          insert.setString(1, bookingId);
          insert.setString(2, slotId);
          insert.setString(3, customerId);
          insert.setInt(4, seats);
          insert.setString(5, contactJson);
          insert.setObject(6, now);
          insert.executeUpdate();
        }
        c.commit();
        return new BookOutcome.Confirmed(
            new Booking(
                bookingId, slotId, customerId, seats, "CONFIRMED", now.toInstant().toString()));
      } catch (SQLException e) {
        c.rollback();
        if (UNIQUE_VIOLATION.equals(e.getSQLState()))
          return new BookOutcome.Rejected("already-booked");
        throw e;
      } catch (RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Why the conditional update changed nothing: what a lock-based service must look up after the
   * fact.
   */
  private static BookOutcome whyNot(Connection c, String slotId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT status = 'OPEN' AND start_instant > now() FROM baseline_slot WHERE id = ?")) {
      s.setString(1, slotId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return new BookOutcome.Rejected("not-found");
        if (!rs.getBoolean(1)) return new BookOutcome.Rejected("slot-closed");
        return new BookOutcome.Rejected("slot-full");
      }
    }
  }

  Optional<Booking> booking(String slotId, String bookingId) throws SQLException {
    try (Connection c = pool.getConnection()) {
      Optional<Booking> found = findBooking(c, slotId, bookingId);
      c.rollback();
      return found;
    }
  }

  /** Cancels a confirmed booking and gives its seats back; repeating it changes nothing. */
  Optional<Booking> cancel(String slotId, String bookingId) throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "WITH cancelled AS (UPDATE baseline_booking SET status = 'CANCELLED' "
                    + "WHERE booking_id = ? AND slot_id = ? AND status = 'CONFIRMED' RETURNING seats) "
                    + "UPDATE baseline_slot SET booked = booked - (SELECT seats FROM cancelled) "
                    + "WHERE id = ? AND EXISTS (SELECT 1 FROM cancelled)")) {
          s.setString(1, bookingId);
          s.setString(2, slotId);
          s.setString(3, slotId);
          s.executeUpdate();
        }
        Optional<Booking> found = findBooking(c, slotId, bookingId);
        c.commit();
        return found;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Optional<Booking> findBooking(Connection c, String slotId, String bookingId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT customer_id, seats, status, booked_at FROM baseline_booking WHERE booking_id = ? AND slot_id = ?")) {
      s.setString(1, bookingId);
      s.setString(2, slotId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(
            new Booking(
                bookingId,
                slotId,
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant().toString()));
      }
    }
  }

  /** The columns {@link #readSlot} reads, in its order. */
  private static final String SLOT_COLUMNS =
      "id, venue_id, starts_at, start_instant, ends_at, capacity, booked, status = 'OPEN' AND start_instant > now()";

  private static Slot readSlot(ResultSet rs) throws SQLException {
    int capacity = rs.getInt(6);
    int booked = rs.getInt(7);
    return new Slot(
        rs.getString(1),
        rs.getString(2),
        rs.getObject(3, LocalDateTime.class).toString(),
        rs.getObject(4, OffsetDateTime.class).toInstant().toString(),
        rs.getObject(5, LocalDateTime.class).toString(),
        capacity,
        booked,
        capacity - booked,
        rs.getBoolean(8) ? "OPEN" : "CLOSED");
  }

  Optional<Slot> slot(String slotId) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + SLOT_COLUMNS + " FROM baseline_slot WHERE id = ?")) {
      s.setString(1, slotId);
      try (ResultSet rs = s.executeQuery()) {
        Optional<Slot> slot = rs.next() ? Optional.of(readSlot(rs)) : Optional.empty();
        c.rollback();
        return slot;
      }
    }
  }

  /**
   * The per-day aggregate, computed by the database on every request (what a lock-based service
   * does).
   */
  Optional<Calendar> calendar(String venueId, LocalDate from, LocalDate to) throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        if (venueZone(c, venueId).isEmpty()) return Optional.empty();
        List<CalendarDay> days = new ArrayList<>();
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT day, count(*), sum(capacity), sum(booked), "
                    + "sum(CASE WHEN status = 'OPEN' AND start_instant > now() THEN capacity - booked ELSE 0 END) "
                    + "FROM baseline_slot WHERE venue_id = ? AND day BETWEEN ? AND ? GROUP BY day ORDER BY day")) {
          s.setString(1, venueId);
          s.setObject(2, from);
          s.setObject(3, to);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              days.add(
                  new CalendarDay(
                      rs.getObject(1, LocalDate.class).toString(),
                      rs.getInt(2),
                      rs.getLong(3),
                      rs.getLong(4),
                      rs.getLong(5)));
            }
          }
        }
        return Optional.of(new Calendar(venueId, from.toString(), to.toString(), days));
      } finally {
        c.rollback();
      }
    }
  }

  Optional<Timetable> timetable(String venueId, LocalDate date) throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        if (venueZone(c, venueId).isEmpty()) return Optional.empty();
        List<TimetableSlot> slots = new ArrayList<>();
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + SLOT_COLUMNS
                    + " FROM baseline_slot WHERE venue_id = ? AND day = ? ORDER BY starts_at")) {
          s.setString(1, venueId);
          s.setObject(2, date);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              Slot slot = readSlot(rs);
              slots.add(
                  new TimetableSlot(
                      slot.slotId(),
                      slot.start(),
                      slot.startInstant(),
                      slot.end(),
                      slot.capacity(),
                      slot.booked(),
                      slot.available(),
                      slot.status()));
            }
          }
        }
        return Optional.of(new Timetable(venueId, date.toString(), slots));
      } finally {
        c.rollback();
      }
    }
  }

  boolean ready() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      c.rollback();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static String newBookingId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return IDS.encodeToString(bytes);
  }
}
