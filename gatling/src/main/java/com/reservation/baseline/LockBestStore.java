package com.reservation.baseline;

import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.Booking;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.IntConsumer;
import javax.sql.DataSource;

/**
 * The {@code lock-best} rival: the strongest lock-based design we know of. A booking is ONE
 * statement in autocommit (one round trip, one commit): a CTE whose {@code UPDATE} takes the seats
 * under the slot's row lock only if they fit, whose {@code INSERT} records the booking from the
 * updated row (so nothing is inserted when nothing was updated), and whose last {@code SELECT} also
 * says why not (unknown slot, closed, full) from the same statement. The two rules on customers are
 * partial unique indexes checked by that same insert: one confirmed booking per customer per slot,
 * and at a venue with {@code max_active} 1, one per customer at the venue; a violation rolls the
 * whole statement back, the seats included.
 *
 * <p>Tuned as a competent engineer would: the slot table with {@code fillfactor} 50 so that the
 * counter's updates stay HOT (no index changes), no foreign key on the booking (the statement
 * inserts only for a slot it has just updated), booking ids from {@code gen_random_uuid()}, and a
 * pool whose size the benchmark sweeps ({@link #resize}).
 */
final class LockBestStore extends SqlStore {
  static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS best_venue (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL, max_active INT)""",
          """
          CREATE TABLE IF NOT EXISTS best_slot (
            id TEXT PRIMARY KEY,
            venue_id TEXT NOT NULL,
            day DATE NOT NULL,
            starts_at TIMESTAMP NOT NULL,
            ends_at TIMESTAMP NOT NULL,
            start_instant TIMESTAMPTZ NOT NULL,
            capacity INT NOT NULL,
            booked INT NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'OPEN',
            CHECK (booked BETWEEN 0 AND capacity)) WITH (fillfactor = 50)""",
          "CREATE INDEX IF NOT EXISTS best_slot_by_day ON best_slot (venue_id, day, starts_at)",
          """
          CREATE TABLE IF NOT EXISTS best_booking (
            booking_id UUID PRIMARY KEY,
            slot_id TEXT NOT NULL,
            venue_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            limit_key TEXT,
            seats INT NOT NULL,
            status TEXT NOT NULL,
            contact TEXT,
            booked_at TIMESTAMPTZ NOT NULL)""",
          """
          CREATE UNIQUE INDEX IF NOT EXISTS best_booking_one_per_customer
            ON best_booking (slot_id, customer_id) WHERE status = 'CONFIRMED'""",
          """
          CREATE UNIQUE INDEX IF NOT EXISTS best_booking_customer_limit
            ON best_booking (venue_id, limit_key) WHERE status = 'CONFIRMED' AND limit_key IS NOT NULL""");

  /**
   * The whole booking. Parameters: slot id, seats, slot id, seats, customer id, customer id, seats,
   * contact, booked at, slot id. One row when the slot exists: the new booking's id (null when
   * none) and whether the slot is open; no row for an unknown slot.
   */
  static final String BOOK =
      """
      WITH u AS (
        UPDATE best_slot SET booked = booked + ?
        WHERE id = ? AND booked + ? <= capacity AND status = 'OPEN' AND start_instant > now()
        RETURNING venue_id),
      i AS (
        INSERT INTO best_booking
          (booking_id, slot_id, venue_id, customer_id, limit_key, seats, status, contact, booked_at)
        SELECT gen_random_uuid(), ?, u.venue_id, ?, CASE WHEN v.max_active IS NOT NULL THEN ? END,
               ?, 'CONFIRMED', ?, ?
        FROM u JOIN best_venue v ON v.id = u.venue_id
        RETURNING booking_id)
      SELECT (SELECT booking_id::text FROM i), s.status = 'OPEN' AND s.start_instant > now()
      FROM best_slot s WHERE s.id = ?""";

  private final IntConsumer resizer;

  /**
   * @param resizer sets the pool's size and the executor's threads together (null: not resizable)
   */
  LockBestStore(DataSource pool, IntConsumer resizer) {
    super(pool, "best");
    this.resizer = resizer;
  }

  @Override
  public String name() {
    return "lock-best";
  }

  @Override
  List<String> schema() {
    return SCHEMA;
  }

  @Override
  long schemaLock() {
    return 872332;
  }

  @Override
  public BookOutcome book(String slotId, String customerId, int seats, String contactJson)
      throws SQLException {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(BOOK)) {
      s.setInt(1, seats);
      s.setString(2, slotId);
      s.setInt(3, seats);
      s.setString(4, slotId);
      s.setString(5, customerId);
      s.setString(6, customerId);
      s.setInt(7, seats);
      s.setString(8, contactJson);
      s.setObject(9, now);
      s.setString(10, slotId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return new BookOutcome.Rejected("not-found");
        String bookingId = rs.getString(1);
        if (bookingId != null) {
          return new BookOutcome.Confirmed(
              new Booking(
                  bookingId, slotId, customerId, seats, "CONFIRMED", now.toInstant().toString()));
        }
        return new BookOutcome.Rejected(rs.getBoolean(2) ? "slot-full" : "slot-closed");
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) return new BookOutcome.Rejected(violated(e));
      throw e;
    }
  }

  @Override
  public boolean resize(int connections) {
    if (resizer == null) return false;
    resizer.accept(connections);
    return true;
  }

  /** Sets a Hikari pool to exactly {@code connections}, retiring the ones beyond it. */
  static void resizePool(HikariDataSource pool, int connections) {
    var config = pool.getHikariConfigMXBean();
    int before = config.getMaximumPoolSize();
    if (connections >= before) {
      config.setMaximumPoolSize(connections);
      config.setMinimumIdle(connections);
    } else {
      config.setMinimumIdle(connections);
      config.setMaximumPoolSize(connections);
      // Connections beyond the new size close as they come back; new ones open up to it.
      pool.getHikariPoolMXBean().softEvictConnections();
    }
  }
}
