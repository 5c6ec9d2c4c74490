package com.reservation.baseline;

import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.Booking;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code lock-naive} rival, the benchmark's first baseline: every operation is one short
 * transaction on a pooled connection (auto-commit off).
 *
 * <p>A booking is the classic conditional update: the row lock taken by {@code UPDATE ... WHERE
 * booked + seats <= capacity} serialises the bookings of one slot, and the insert happens under
 * that lock, in a second statement of the same transaction (two round trips and a commit). A
 * partial unique index keeps one confirmed booking per customer per slot, as the engine's rules do;
 * at a venue with {@code maxActiveBookingsPerCustomer} 1, a second one keeps one per customer at
 * the venue.
 */
final class BaselineStore extends SqlStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();

  static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS baseline_venue (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL, max_active INT)""",
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
            booked_at TIMESTAMPTZ NOT NULL,
            venue_id TEXT,
            limit_key TEXT)""",
          """
          CREATE UNIQUE INDEX IF NOT EXISTS baseline_booking_one_per_customer
            ON baseline_booking (slot_id, customer_id) WHERE status = 'CONFIRMED'""",
          """
          CREATE UNIQUE INDEX IF NOT EXISTS baseline_booking_customer_limit
            ON baseline_booking (venue_id, limit_key) WHERE status = 'CONFIRMED' AND limit_key IS NOT NULL""");

  /**
   * The hot path, exactly the design under comparison (pgbench runs the same two statements). The
   * update also returns the venue's limit, for the insert.
   */
  static final String BOOK_UPDATE =
      "UPDATE baseline_slot SET booked = booked + ? "
          + "WHERE id = ? AND booked + ? <= capacity AND status = 'OPEN' AND start_instant > now() "
          + "RETURNING venue_id, (SELECT max_active FROM baseline_venue v WHERE v.id = venue_id)";

  static final String BOOK_INSERT =
      "INSERT INTO baseline_booking (booking_id, slot_id, customer_id, seats, status, contact, booked_at, venue_id, limit_key) "
          + "VALUES (?, ?, ?, ?, 'CONFIRMED', ?, ?, ?, ?)";

  BaselineStore(DataSource pool) {
    super(pool, "baseline");
  }

  @Override
  public String name() {
    return "lock-naive";
  }

  @Override
  List<String> schema() {
    return SCHEMA;
  }

  @Override
  long schemaLock() {
    return 872331;
  }

  @Override
  public BookOutcome book(String slotId, String customerId, int seats, String contactJson)
      throws SQLException {
    try (Connection c = pool.getConnection()) {
      try {
        String venueId;
        boolean limited;
        try (PreparedStatement update = c.prepareStatement(BOOK_UPDATE)) {
          update.setInt(1, seats);
          update.setString(2, slotId);
          update.setInt(3, seats);
          try (ResultSet rs = update.executeQuery()) {
            if (!rs.next()) {
              BookOutcome why = whyNot(c, slotId);
              c.rollback();
              return why;
            }
            venueId = rs.getString(1);
            limited = rs.getObject(2) != null;
          }
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
          insert.setString(7, venueId);
          insert.setString(8, limited ? customerId : null);
          insert.executeUpdate();
        }
        c.commit();
        return new BookOutcome.Confirmed(
            new Booking(
                bookingId, slotId, customerId, seats, "CONFIRMED", now.toInstant().toString()));
      } catch (SQLException e) {
        c.rollback();
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) return new BookOutcome.Rejected(violated(e));
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
  private BookOutcome whyNot(Connection c, String slotId) throws SQLException {
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

  private static String newBookingId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return IDS.encodeToString(bytes);
  }
}
