package com.reservation.engine.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway's versioned scripts ({@code db/migration/V*.sql}). Flyway serialises
 * concurrent migrations across nodes with its own PostgreSQL advisory lock and records what it applied in
 * {@code flyway_schema_history}. A database made before Flyway (no history, tables present) is baselined at version 0
 * and then migrated: version 1 is idempotent, so it completes whatever such a database lacks.
 */
public final class SchemaMigration {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

  /** What the migration did. */
  public record Result(int migrationsApplied, int schemaVersion) {}

  private SchemaMigration() {}

  public static Result migrate(DataSource dataSource) {
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
      log.info("Schema is at version {} ({} migrations applied now)", version, result.migrationsExecuted);
      return new Result(result.migrationsExecuted, version);
    } catch (FlywayException e) {
      throw new MigrationException(
          "Cannot migrate the schema: " + e.getMessage()
              + ". Check that PostgreSQL is reachable and the user may create tables.",
          e);
    }
  }

  /** The schema could not be brought up to date; the message says why and what to check. */
  public static final class MigrationException extends RuntimeException {
    public MigrationException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
