package com.reservation.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or completes the schema. Idempotent (every statement checks before it creates), surfaced (any SQL error
 * fails the migration with the statement that failed) and serialised across nodes by a PostgreSQL advisory lock, so
 * several nodes starting together cannot race.
 */
public final class SchemaMigration {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);
  /** An arbitrary constant shared by every node: the advisory lock's key. */
  private static final long LOCK_KEY = 0x5245_5345_5256L;
  private static final String SCRIPT = "/db/schema.sql";

  /** What the migration did. */
  public record Result(int statements, int schemaVersion) {}

  private SchemaMigration() {}

  public static Result migrate(DataSource dataSource) {
    List<String> statements = statements();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute("SET statement_timeout = '60s'");
      statement.execute("SET lock_timeout = '60s'");
      statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      try {
        for (String sql : statements) {
          try {
            statement.execute(sql);
          } catch (SQLException e) {
            throw new MigrationException(
                "Schema migration failed at: " + firstLine(sql) + " (" + e.getMessage() + ")", e);
          }
        }
        int version;
        try (var rs = statement.executeQuery("SELECT max(version) FROM reservation_schema_version")) {
          rs.next();
          version = rs.getInt(1);
        }
        log.info("Schema is at version {} ({} idempotent statements checked)", version, statements.size());
        return new Result(statements.size(), version);
      } finally {
        statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
      }
    } catch (SQLException e) {
      throw new MigrationException(
          "Cannot migrate the schema: " + e.getMessage() + ". Check that PostgreSQL is reachable and the user may create tables.", e);
    }
  }

  static List<String> statements() {
    String script;
    try (InputStream in = SchemaMigration.class.getResourceAsStream(SCRIPT)) {
      if (in == null) throw new MigrationException("Missing " + SCRIPT + " on the classpath", null);
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException("Cannot read " + SCRIPT, e);
    }
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) continue;
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().trim();
        result.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    return List.copyOf(result);
  }

  private static String firstLine(String sql) {
    int newline = sql.indexOf('\n');
    return newline < 0 ? sql : sql.substring(0, newline);
  }

  /** The schema could not be brought up to date; the message says why and what to check. */
  public static final class MigrationException extends RuntimeException {
    public MigrationException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
