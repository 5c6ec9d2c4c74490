package com.reservation.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway's versioned scripts ({@code db/migration/V*.sql}) and
 * records what it applied in {@code flyway_schema_history}. A database made before Flyway (no
 * history, tables present) is baselined at version 0 and then migrated: version 1 is idempotent, so
 * it completes whatever such a database lacks.
 *
 * <p>Nodes of a new cluster start together. Flyway's own lock covers migrating, not creating and
 * baselining its history table, so two nodes on an empty database could both try to baseline and
 * one would fail ("already exists, and is empty"). Every migration therefore runs under our own
 * session-level advisory lock; Flyway works on the very connection that holds it (so a pool of one
 * connection suffices): the second node waits, then finds nothing left to do.
 */
public final class SchemaMigration {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

  /** What the migration did. */
  public record Result(int migrationsApplied, int schemaVersion) {}

  private SchemaMigration() {}

  /**
   * The advisory-lock key of schema migrations: any constant that other code does not use; here
   * "resv-mig".
   */
  static final long MIGRATION_LOCK_KEY = 0x7265_7376_2d6d_6967L;

  public static Result migrate(DataSource dataSource) {
    Connection lock;
    try {
      lock = dataSource.getConnection();
    } catch (SQLException e) {
      throw failed(e);
    }
    try (lock) {
      // Waiting for another node's migration, and a migration of a big table, may take longer
      // than the pool's statement and socket timeouts allow: lift them on this connection (the
      // pool restores the network timeout when it is returned, RESET the session default).
      lock.setNetworkTimeout(Runnable::run, 0);
      execute(lock, "SET statement_timeout = 0");
      execute(lock, "SET idle_in_transaction_session_timeout = 0");
      advisory(lock, "SELECT pg_advisory_lock(?)");
      try {
        return migrateHoldingTheLock(new LockHoldingDataSource(lock));
      } finally {
        if (!lock.getAutoCommit())
          lock.rollback(); // a failed migration may leave a transaction open on the session
        lock.setAutoCommit(true);
        advisory(lock, "SELECT pg_advisory_unlock(?)");
        execute(lock, "RESET statement_timeout");
        execute(lock, "RESET idle_in_transaction_session_timeout");
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void advisory(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, MIGRATION_LOCK_KEY);
      statement.execute();
    }
  }

  private static MigrationException failed(Exception e) {
    return new MigrationException(
        "Cannot migrate the schema: "
            + e.getMessage()
            + ". Check that PostgreSQL is reachable and the user may create tables.",
        e);
  }

  private static Result migrateHoldingTheLock(DataSource dataSource) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("schema made before Flyway")
            .connectRetries(0)
            .load();
    try {
      MigrateResult result = flyway.migrate();
      int version = Integer.parseInt(flyway.info().current().getVersion().getVersion());
      log.info(
          "Schema is at version {} ({} migrations applied now)",
          version,
          result.migrationsExecuted);
      return new Result(result.migrationsExecuted, version);
    } catch (FlywayException e) {
      throw failed(e);
    }
  }

  /** The schema could not be brought up to date; the message says why and what to check. */
  public static final class MigrationException extends RuntimeException {
    public MigrationException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
