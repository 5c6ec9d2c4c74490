package com.reservation.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** The embedded PostgreSQL's {@code pg_hba.conf}: who may connect, and how they prove it. */
final class ClientAuthentication {
  /**
   * TCP on loopback only, every role and database, always with a password (SCRAM). No Unix-socket
   * entries.
   */
  static final String PASSWORD_ONLY =
      """
      # Written by reservation-engine: clients connect over TCP on loopback and give the password kept in
      # <data-dir>/postgres-password. Nothing is trusted without it.
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      host    all       all   127.0.0.1/32  scram-sha-256
      host    all       all   ::1/128       scram-sha-256
      """;

  private static final String INVALID_PASSWORD = "28P01";
  private static final String NO_PASSWORD_GIVEN = "08004";

  private ClientAuthentication() {}

  /**
   * True when some entry lets a client in without a password (the way earlier versions made every
   * directory).
   */
  static boolean trustsAnyone(Path directory) throws IOException {
    Path hba = directory.resolve("pg_hba.conf");
    if (!Files.exists(hba)) return false;
    for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
      String entry = line.replaceFirst("#.*", "").trim();
      if (entry.isEmpty()) continue;
      List<String> fields = List.of(entry.split("\\s+"));
      if (fields.contains("trust")) return true;
    }
    return false;
  }

  /**
   * Replaces pg_hba.conf in one step (a crash leaves the old file or the new one, never half of
   * it).
   */
  static void requirePassword(Path directory) throws IOException {
    Path hba = directory.resolve("pg_hba.conf");
    Path partial = directory.resolve("pg_hba.conf.new");
    Files.writeString(partial, PASSWORD_ONLY, StandardCharsets.UTF_8);
    Files.move(partial, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * pg_reload_conf() only signals the server: wait until a client without the password is really
   * turned away.
   */
  static void awaitPasswordRequired(int port, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    Properties noPassword = new Properties();
    noPassword.setProperty("user", EmbeddedDatabase.USER);
    noPassword.setProperty("connectTimeout", "2");
    while (true) {
      try (var ignored =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + port + "/postgres", noPassword)) {
        // Still let in: the reload has not been applied yet.
      } catch (SQLException e) {
        if (INVALID_PASSWORD.equals(e.getSQLState()) || NO_PASSWORD_GIVEN.equals(e.getSQLState()))
          return;
        throw new IOException(
            "Could not check the embedded PostgreSQL's authentication: " + e.getMessage(), e);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "The embedded PostgreSQL still lets clients in without a password after "
                + within.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(
            "Interrupted while waiting for the embedded PostgreSQL to reload its configuration", e);
      }
    }
  }
}
