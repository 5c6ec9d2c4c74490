package com.reservation.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps its files across restarts and commits durably. */
class EmbeddedDatabaseTest {
  @TempDir Path dataDir;

  private static Connection connect(EmbeddedDatabase db) throws SQLException {
    DatabaseSettings settings = db.settings(1);
    return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void dataSurvivesARestartOnTheSameDirectory() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
        Connection c = connect(db);
        Statement s = c.createStatement()) {
      assertTrue(db.port() > 0, "port 0 picks a free port");
      assertEquals(dataDir.toAbsolutePath().resolve("postgres"), db.directory());
      s.execute("CREATE TABLE kept(id INT PRIMARY KEY, note TEXT NOT NULL)");
      s.execute("INSERT INTO kept VALUES (1, 'booked before the restart')");
    }
    assertTrue(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION")), "the files stay after close");

    try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir, 0);
        Connection c = connect(again);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT note FROM kept WHERE id = 1")) {
      assertTrue(rs.next(), "the row written before the restart is there");
      assertEquals("booked before the restart", rs.getString(1));
      assertEquals("on", show(c, "synchronous_commit"), "also on a restart over existing files");
    }
  }

  @Test
  void commitsAreSynchronousAndFlushed() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
        Connection c = connect(db)) {
      assertEquals("on", show(c, "synchronous_commit"));
      assertEquals("on", show(c, "fsync"));
      assertEquals("on", show(c, "full_page_writes"));
    }
  }
}
