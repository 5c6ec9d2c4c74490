package com.reservation.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL 17 whose files live under a data directory and survive restarts and hard
 * kills.
 *
 * <p>The library's defaults suit throwaway tests, not a product: it turns {@code
 * synchronous_commit} off, wipes its directory, picks a random port and lets anyone on the machine
 * in without a password. Here commits are synchronous (a 201 means the booking is on disk), the
 * directory is kept, the port is the configured one, the server listens on 127.0.0.1 only (no Unix
 * socket), every connection needs the password kept in {@code <dataDir>/postgres-password} (see
 * {@link EmbeddedPassword}), and a server left running by a JVM that was killed is stopped first
 * ({@link LeftoverServer}).
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** initdb's superuser; the library connects as it too. */
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path directory;
  private final Path passwordFile;
  private final String password;

  private EmbeddedDatabase(
      EmbeddedPostgres postgres, Path directory, Path passwordFile, String password) {
    this.postgres = postgres;
    this.directory = directory;
    this.passwordFile = passwordFile;
    this.password = password;
  }

  /**
   * Starts (or restarts on existing files) the database in {@code dataDir/postgres}.
   *
   * @param port a fixed port; 0 picks a free one (tests)
   */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path home = dataDir.toAbsolutePath();
    Path directory = home.resolve("postgres");
    Files.createDirectories(home);
    Path passwordFile = home.resolve(EmbeddedPassword.FILE_NAME);
    String password = EmbeddedPassword.loadOrCreate(passwordFile);
    // The library runs initdb only when there is no postgresql.conf, as here.
    boolean fresh = !Files.exists(directory.resolve("postgresql.conf"));
    boolean trusting = !fresh && ClientAuthentication.trustsAnyone(directory);
    Files.createDirectories(directory);
    LeftoverServer.stopIfOurs(directory);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "300")
            .setServerConfig("shared_buffers", "256MB")
            // Loopback only, and no Unix socket in /tmp: every client comes over TCP and must give
            // the password.
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("unix_socket_directories", "")
            // The library's own readiness check connects as postgres: with the password from now
            // on.
            .setConnectConfig("password", password);
    if (fresh) {
      // The library passes its "locale" options to initdb as --key=value after its own "-A trust",
      // and initdb takes the last --auth it is given: so the cluster is born with scram-sha-256 and
      // this password, never trusting.
      builder
          .setLocaleConfig("auth", "scram-sha-256")
          .setLocaleConfig("pwfile", passwordFile.toString());
    }
    if (port > 0) builder.setPort(port);
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "The embedded PostgreSQL in "
              + directory
              + " did not start or refused the password in "
              + passwordFile
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
    EmbeddedDatabase database = new EmbeddedDatabase(postgres, directory, passwordFile, password);
    try {
      if (trusting) database.requirePassword();
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
    database.logDurability();
    return database;
  }

  public int port() {
    return postgres.getPort();
  }

  public Path directory() {
    return directory;
  }

  /**
   * The file (mode 0600) holding the password of the {@link #USER} role, for tools that connect to
   * this server.
   */
  public Path passwordFile() {
    return passwordFile;
  }

  /**
   * The password of the embedded PostgreSQL whose files are under {@code dataDir}, for a tool that
   * connects beside the node that runs it; empty when that directory never held one.
   */
  public static Optional<String> passwordOf(Path dataDir) throws IOException {
    Path file = dataDir.toAbsolutePath().resolve(EmbeddedPassword.FILE_NAME);
    return Files.exists(file) ? Optional.of(EmbeddedPassword.loadOrCreate(file)) : Optional.empty();
  }

  /** The JDBC URL of the {@code postgres} database on this server. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
  }

  /** The role to connect as, {@link #USER}. */
  public String user() {
    return USER;
  }

  /** The password of {@link #user()} (also in {@link #passwordFile()}). */
  public String password() {
    return password;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, password);
  }

  /**
   * A data directory made before passwords (initdb with trust, which let anyone on the machine in
   * as any role): the role gets the password, then pg_hba.conf asks every client for it, and the
   * running server reloads it. Each step is idempotent, so a crash in between is finished by the
   * next start.
   */
  private void requirePassword() throws IOException {
    log.warn(
        "The embedded PostgreSQL in {} let clients in without a password; it now requires the one in {}",
        directory,
        passwordFile);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      // The password is hex (EmbeddedPassword), so it cannot break out of the literal.
      s.execute("ALTER ROLE " + USER + " WITH PASSWORD '" + password + "'");
      ClientAuthentication.requirePassword(directory);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException(
          "Could not set the embedded PostgreSQL's password: " + e.getMessage(), e);
    }
    ClientAuthentication.awaitPasswordRequired(port(), Duration.ofSeconds(10));
  }

  private void logDurability() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      List<String> shown = new ArrayList<>();
      for (String setting :
          List.of("fsync", "synchronous_commit", "full_page_writes", "listen_addresses")) {
        try (var rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          shown.add(setting + "=" + rs.getString(1));
        }
      }
      log.info(
          "Embedded PostgreSQL on 127.0.0.1:{} with data in {} ({}; password in {})",
          port(),
          directory,
          String.join(", ", shown),
          passwordFile);
    } catch (Exception e) {
      log.warn("Could not read the embedded PostgreSQL durability settings: {}", e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  @Override
  public String toString() {
    return "EmbeddedDatabase[directory="
        + directory
        + ", port="
        + port()
        + ", password in "
        + passwordFile
        + "]";
  }
}
