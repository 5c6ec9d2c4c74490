package com.reservation.http.testing;

import com.reservation.engine.store.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded PostgreSQL of a node's data directory, as a tool beside the node would reach it: the
 * port from {@code postgres/postmaster.pid}, the password from {@code postgres-password}.
 */
public final class NodeDatabase {
  private NodeDatabase() {}

  public static DatabaseSettings settings(Path dataDir, int poolSize) {
    try {
      Path home = dataDir.toAbsolutePath();
      List<String> pid =
          Files.readAllLines(
              home.resolve("postgres").resolve("postmaster.pid"), StandardCharsets.UTF_8);
      String password =
          Files.readString(home.resolve("postgres-password"), StandardCharsets.UTF_8).trim();
      return new DatabaseSettings(
          "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres",
          "postgres",
          password,
          poolSize);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Connection connect(Path dataDir) throws SQLException {
    DatabaseSettings db = settings(dataDir, 1);
    return DriverManager.getConnection(db.url(), db.user(), db.password());
  }

  /** The one number a query answers, e.g. {@code SELECT count(*) FROM event_journal}. */
  public static long count(Path dataDir, String sql) {
    try (Connection c = connect(dataDir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(sql + ": " + e.getMessage(), e);
    }
  }
}
