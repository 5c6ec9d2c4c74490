package com.reservation.baseline;

import com.reservation.baseline.Messages.Booking;
import com.reservation.baseline.Messages.Calendar;
import com.reservation.baseline.Messages.CalendarDay;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.ScheduleResult;
import com.reservation.baseline.Messages.Slot;
import com.reservation.baseline.Messages.Timetable;
import com.reservation.baseline.Messages.TimetableSlot;
import com.reservation.baseline.ScheduleSlots.SlotRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the two PostgreSQL rivals share: the catalog (venues and slots), the reads (slot, booking,
 * calendar, timetable) and cancelling, each in one short transaction, on tables named {@code
 * <prefix>_venue}, {@code <prefix>_slot} and {@code <prefix>_booking}. The bookings themselves, the
 * design under comparison, are each subclass's own ({@link BaselineStore}: lock-naive, {@link
 * LockBestStore}: lock-best).
 *
 * <p>A venue's {@code max_active} is null (no limit) or 1: with 1, each booking stores its customer
 * in {@code limit_key}, and a partial unique index on {@code (venue_id, limit_key)} over confirmed
 * bookings keeps one active booking per customer at the venue, atomically, in the booking's own
 * transaction.
 */
abstract class SqlStore implements RivalStore {
  static final String UNIQUE_VIOLATION = "23505";

  protected final DataSource pool;
  protected final String venueTable;
  protected final String slotTable;
  protected final String bookingTable;

  /** The unique index that says a customer is at the venue's limit. */
  protected final String limitIndex;

  SqlStore(DataSource pool, String prefix) {
    this.pool = pool;
    this.venueTable = prefix + "_venue";
    this.slotTable = prefix + "_slot";
    this.bookingTable = prefix + "_booking";
    this.limitIndex = prefix + "_booking_customer_limit";
  }

  /** The DDL, each statement idempotent. */
  abstract List<String> schema();

  /** The advisory lock that keeps two services starting on one database from racing on DDL. */
  abstract long schemaLock();

  @Override
  public void init() throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + schemaLock() + ")");
        for (String ddl : schema()) s.execute(ddl);
      }
      c.commit();
    }
  }

  /** Kept for the tests and callers of the first baseline. */
  void createSchema() throws SQLException {
    init();
  }

  @Override
  public boolean putVenue(String venueId, String name, ZoneId zone, Integer maxActive)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + venueTable
                  + " (id, name, time_zone, max_active) VALUES (?, ?, ?, ?) "
                  + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, "
                  + "max_active = excluded.max_active RETURNING (xmax = 0)")) {
        s.setString(1, venueId);
        s.setString(2, name);
        s.setString(3, zone.getId());
        s.setObject(4, maxActive, java.sql.Types.INTEGER);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          boolean created = rs.getBoolean(1);
          c.commit();
          return created;
        }
      }
    }
  }

  Optional<ZoneId> venueZone(Connection c, String venueId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT time_zone FROM " + venueTable + " WHERE id = ?")) {
      s.setString(1, venueId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(ZoneId.of(rs.getString(1))) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<ScheduleResult> defineSchedule(String venueId, ScheduleRequest request)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
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
                "INSERT INTO "
                    + slotTable
                    + " (id, venue_id, day, starts_at, ends_at, start_instant, capacity) "
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

  /** The outcome code of a unique violation: which of the two rules the booking broke. */
  String violated(SQLException e) {
    String constraint = null;
    if (e instanceof org.postgresql.util.PSQLException psql
        && psql.getServerErrorMessage() != null) {
      constraint = psql.getServerErrorMessage().getConstraint();
    }
    return limitIndex.equals(constraint) ? "customer-limit-reached" : "already-booked";
  }

  @Override
  public Optional<Booking> booking(String slotId, String bookingId) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      Optional<Booking> found = findBooking(c, slotId, bookingId);
      c.rollback();
      return found;
    }
  }

  /** Cancels a confirmed booking and gives its seats back; repeating it changes nothing. */
  @Override
  public Optional<Booking> cancel(String slotId, String bookingId) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "WITH cancelled AS (UPDATE "
                    + bookingTable
                    + " SET status = 'CANCELLED' "
                    + "WHERE booking_id::text = ? AND slot_id = ? AND status = 'CONFIRMED' RETURNING seats) "
                    + "UPDATE "
                    + slotTable
                    + " SET booked = booked - (SELECT seats FROM cancelled) "
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

  private Optional<Booking> findBooking(Connection c, String slotId, String bookingId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT customer_id, seats, status, booked_at FROM "
                + bookingTable
                + " WHERE booking_id::text = ? AND slot_id = ?")) {
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

  @Override
  public Optional<Slot> slot(String slotId) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + SLOT_COLUMNS + " FROM " + slotTable + " WHERE id = ?")) {
      s.setString(1, slotId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(readSlot(rs)) : Optional.empty();
      }
    }
  }

  /**
   * The per-day aggregate, computed by the database on every request (what a lock-based service
   * does).
   */
  @Override
  public Optional<Calendar> calendar(String venueId, LocalDate from, LocalDate to)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      if (venueZone(c, venueId).isEmpty()) return Optional.empty();
      List<CalendarDay> days = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT day, count(*), sum(capacity), sum(booked), "
                  + "sum(CASE WHEN status = 'OPEN' AND start_instant > now() THEN capacity - booked ELSE 0 END) "
                  + "FROM "
                  + slotTable
                  + " WHERE venue_id = ? AND day BETWEEN ? AND ? GROUP BY day ORDER BY day")) {
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
      // Read-only: nothing to commit (Hikari rolls an open transaction back as the connection
      // returns; the best pool runs in autocommit).
      return Optional.of(new Calendar(venueId, from.toString(), to.toString(), days));
    }
  }

  @Override
  public Optional<Timetable> timetable(String venueId, LocalDate date) throws SQLException {
    try (Connection c = pool.getConnection()) {
      if (venueZone(c, venueId).isEmpty()) return Optional.empty();
      List<TimetableSlot> slots = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT "
                  + SLOT_COLUMNS
                  + " FROM "
                  + slotTable
                  + " WHERE venue_id = ? AND day = ? ORDER BY starts_at")) {
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
    }
  }

  @Override
  public boolean ready() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (pool instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing at exit
      }
    }
  }
}
