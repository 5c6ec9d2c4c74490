package com.reservation.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.testsupport.Polling;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL keeps its files across restarts, commits durably, lets nobody in without
 * its password, listens on loopback only, brings directories made without a password up to that,
 * and stops a server left behind on its files but never any other process.
 */
class EmbeddedDatabaseTest {
  @TempDir Path dataDir;

  private static Connection connect(EmbeddedDatabase db) throws SQLException {
    return DriverManager.getConnection(db.url(), db.user(), db.password());
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * The SQL state a connection attempt as postgres with this password (null: none) fails with; null
   * if it connects.
   */
  private static String refusal(int port, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    if (password != null) properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "5");
    try (Connection ignored =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties)) {
      return null;
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  private static void assertPasswordRequired(EmbeddedDatabase db) {
    assertEquals(
        "08004",
        refusal(db.port(), null),
        "no password: the server asks for one and the client has none");
    assertEquals("28P01", refusal(db.port(), "postgres"), "the old default password is refused");
    assertEquals(null, refusal(db.port(), db.password()), "the generated password is accepted");
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
    assertTrue(
        Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION")),
        "the files stay after close");

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

  @Test
  void aNewDirectoryGetsAGeneratedPasswordKeptForTheOwnerOnlyAndReusedOnRestart() throws Exception {
    Path passwordFile = dataDir.toAbsolutePath().resolve("postgres-password");
    String password;
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
        Connection c = connect(db)) {
      assertEquals(passwordFile, db.passwordFile());
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
      password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).get(0);
      assertTrue(password.matches("[0-9a-f]{48}"), "192 random bits in hex");
      assertEquals(password, db.password());
      assertPasswordRequired(db);
      assertEquals("127.0.0.1", show(c, "listen_addresses"), "loopback only");
      assertEquals(
          "", show(c, "unix_socket_directories"), "no Unix socket, so no way around the password");
      assertFalse(ClientAuthentication.trustsAnyone(db.directory()), "initdb made no trust entry");
    }
    try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir, 0)) {
      assertEquals(
          password,
          Files.readAllLines(passwordFile, StandardCharsets.UTF_8).get(0),
          "generated once");
      assertPasswordRequired(again);
    }
  }

  @Test
  void aDirectoryMadeWithoutAPasswordKeepsItsDataAndRequiresThePasswordFromNowOn()
      throws Exception {
    // What earlier versions made: the library's defaults, initdb with trust, user postgres.
    Path directory = dataDir.toAbsolutePath().resolve("postgres");
    EmbeddedPostgres legacy =
        EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false).start();
    try (Connection c = legacy.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept(id INT PRIMARY KEY, note TEXT NOT NULL)");
      s.execute("INSERT INTO kept VALUES (1, 'booked before passwords')");
    } finally {
      legacy.close();
    }
    assertTrue(ClientAuthentication.trustsAnyone(directory));

    for (int start = 0; start < 2; start++) {
      try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
          Connection c = connect(db);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT note FROM kept WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals("booked before passwords", rs.getString(1));
        assertPasswordRequired(db);
        assertFalse(
            ClientAuthentication.trustsAnyone(directory),
            "pg_hba.conf asks everyone for the password");
      }
    }
  }

  @Test
  void aServerLeftRunningOnOurFilesIsStoppedBeforeTheNextStart() throws Exception {
    String postgresBinary;
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      postgresBinary = postmaster(db.directory()).info().command().orElseThrow();
    }
    Path directory = dataDir.toAbsolutePath().resolve("postgres");
    // As a JVM killed hard leaves it: the server still runs on our directory, its postmaster.pid in
    // place.
    List<String> command = new ArrayList<>();
    // PostgreSQL refuses to run as root; the library runs it in a user namespace then, and so does
    // this test.
    if (System.getProperty("user.name").equals("root")) command.addAll(List.of("unshare", "-U"));
    command.addAll(
        List.of(
            postgresBinary,
            "-D",
            directory.toString(),
            "-p",
            Integer.toString(freePort()),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "unix_socket_directories="));
    Process leftover =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("leftover.log").toFile())
            .start();
    try {
      awaitServerReady(directory, leftover);
      assertTrue(LeftoverServer.isPostgresOn(leftover.toHandle(), directory));
      try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
          Connection c = connect(db)) {
        assertTrue(leftover.waitFor(10, TimeUnit.SECONDS), "the leftover server was stopped");
        assertEquals("on", show(c, "fsync"));
      }
    } finally {
      leftover.destroyForcibly();
    }
  }

  @Test
  void aLiveProcessThatIsNotOurServerIsNeverStopped() throws Exception {
    Path directory = dataDir.toAbsolutePath().resolve("postgres");
    Files.createDirectories(directory);
    // A process whose executable is even called "postgres" (what the old check looked for), serving
    // nothing of ours.
    Path impostor = Files.createDirectories(dataDir.resolve("bin")).resolve("postgres");
    Files.copy(Path.of(sleepBinary()), impostor, StandardCopyOption.COPY_ATTRIBUTES);
    Process other = new ProcessBuilder(impostor.toString(), "300").start();
    // And a real PostgreSQL, on another directory.
    Path otherDataDir = dataDir.resolve("other");
    try (EmbeddedDatabase otherDb = EmbeddedDatabase.start(otherDataDir, 0)) {
      ProcessHandle otherServer = postmaster(otherDb.directory());
      assertTrue(LeftoverServer.isPostgresOn(otherServer, otherDb.directory()));
      assertFalse(LeftoverServer.isPostgresOn(otherServer, directory));
      assertFalse(LeftoverServer.isPostgresOn(other.toHandle(), directory));

      for (long pid : List.of(other.pid(), otherServer.pid())) {
        // A stale postmaster.pid whose pid now names that process (pids are reused).
        Files.writeString(
            directory.resolve("postmaster.pid"),
            pid + "\n" + directory + "\n",
            StandardCharsets.UTF_8);
        IOException refused =
            assertThrows(IOException.class, () -> EmbeddedDatabase.start(dataDir, 0));
        assertTrue(refused.getMessage().contains("names pid " + pid), refused.getMessage());
      }
      assertTrue(other.isAlive(), "the impostor still runs");
      assertTrue(otherServer.isAlive(), "the other PostgreSQL still runs");
      try (Connection c = connect(otherDb)) {
        assertEquals("on", show(c, "fsync"), "and still answers");
      }
    } finally {
      other.destroyForcibly();
    }
  }

  private static ProcessHandle postmaster(Path directory) throws IOException {
    String pid =
        Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.UTF_8)
            .get(0)
            .trim();
    return ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
  }

  /** postmaster.pid's eighth line says "ready" once the server accepts connections. */
  private static void awaitServerReady(Path directory, Process server) {
    Path pidFile = directory.resolve("postmaster.pid");
    Polling.untilPasses(
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        () -> {
          assertTrue(server.isAlive(), "the leftover server started");
          List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
          assertTrue(lines.size() >= 8 && lines.get(7).trim().equals("ready"), "ready");
          return null;
        },
        "the leftover server to become ready");
  }

  private static String sleepBinary() {
    for (String candidate : List.of("/usr/bin/sleep", "/bin/sleep")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    throw new AssertionError("no sleep binary");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
