package com.reservation.engine.store;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.testsupport.Polling;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection timeouts reach a real PostgreSQL: a statement past its limit is cancelled by the
 * server, a session idle inside a transaction past it is ended, and a migration still runs with
 * limits far shorter than its work. (What they do for a node behind a silently broken network path
 * is NetworkPartitionTest's, in http-api.)
 */
class ConnectionTimeoutsTest {
  private static final ConnectionTimeouts SHORT =
      new ConnectionTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1));

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  private static HikariDataSource pool(ConnectionTimeouts timeouts) {
    return Database.pool(
        new DatabaseSettings(db.url(), db.user(), db.password(), 2, timeouts), "timeouts-test");
  }

  @Test
  void aSocketTimeoutNoLongerThanTheStatementTimeoutIsRefusedWithWhatToDo() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ConnectionTimeouts(
                    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    assertTrue(refused.getMessage().contains("must be longer than statement"));
  }

  @Test
  void theServerCancelsAStatementPastItsLimit() throws Exception {
    try (HikariDataSource pool = pool(SHORT);
        Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      SQLException cancelled =
          assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(2)"));
      assertEquals("57014", cancelled.getSQLState(), cancelled::getMessage); // query_canceled
      assertEquals("1s", show(s, "statement_timeout"));
      assertEquals("1s", show(s, "idle_in_transaction_session_timeout"));
    }
  }

  @Test
  void theServerEndsASessionIdleInATransactionPastItsLimit() throws Exception {
    try (HikariDataSource pool = pool(SHORT);
        Connection c = pool.getConnection();
        Connection observer = pool.getConnection()) {
      c.setAutoCommit(false);
      int pid;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      // Idle inside the transaction: the server ends the session once its 1 s is up.
      Polling.until(
          Duration.ofSeconds(10),
          () -> !sessionExists(observer, pid),
          "the server to end the session idle in its transaction");
      assertThrows(SQLException.class, c::commit, "the server ended the idle transaction");
    }
  }

  @Test
  void maintenanceWorkWithoutTheStatementLimitRunsLonger() throws Exception {
    try (HikariDataSource pool = pool(SHORT.withoutStatementLimit());
        Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      assertTrue(s.execute("SELECT pg_sleep(1.5)"));
      assertEquals("0", show(s, "statement_timeout"));
    }
  }

  @Test
  void aMigrationRunsWithTheLimitsLiftedOnItsOwnConnectionOnly() throws Exception {
    try (HikariDataSource pool = pool(SHORT)) {
      assertTrue(SchemaMigration.migrate(pool).schemaVersion() > 0);
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        assertEquals("1s", show(s, "statement_timeout"), "the pool's limit is back afterwards");
      }
    }
  }

  private static boolean sessionExists(Connection observer, int pid) {
    try (Statement s = observer.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
      rs.next();
      return rs.getInt(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String show(Statement s, String setting) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
