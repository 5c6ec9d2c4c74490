package com.reservation.engine.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL 17 whose files live under a data directory and survive restarts and hard kills.
 *
 * <p>The library's defaults suit throwaway tests, not a product: it turns {@code synchronous_commit} off, wipes its
 * directory and picks a random port. Here commits are synchronous (a 201 means the booking is on disk), the directory
 * is kept, the port is the configured one, and a server left running by a JVM that was killed is stopped first.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path directory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
    this.postgres = postgres;
    this.directory = directory;
  }

  /**
   * Starts (or restarts on existing files) the database in {@code dataDir/postgres}.
   *
   * @param port a fixed port; 0 picks a free one (tests)
   */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path directory = dataDir.toAbsolutePath().resolve("postgres");
    Files.createDirectories(directory);
    stopLeftoverServer(directory);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "300")
            .setServerConfig("shared_buffers", "256MB");
    if (port > 0) builder.setPort(port);
    EmbeddedPostgres postgres = builder.start();
    EmbeddedDatabase database = new EmbeddedDatabase(postgres, directory);
    database.logDurability();
    return database;
  }

  public int port() {
    return postgres.getPort();
  }

  public Path directory() {
    return directory;
  }

  public DatabaseSettings settings(int poolSize) {
    return new DatabaseSettings(
        "jdbc:postgresql://127.0.0.1:" + port() + "/postgres", "postgres", "postgres", poolSize);
  }

  private void logDurability() {
    try (var c = postgres.getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      List<String> shown = new java.util.ArrayList<>();
      for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
        try (var rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          shown.add(setting + "=" + rs.getString(1));
        }
      }
      log.info("Embedded PostgreSQL on 127.0.0.1:{} with data in {} ({})", port(), directory, String.join(", ", shown));
    } catch (Exception e) {
      log.warn("Could not read the embedded PostgreSQL durability settings: {}", e.toString());
    }
  }

  /** A JVM killed hard leaves its PostgreSQL running on our files: stop it, or the new one cannot start. */
  static void stopLeftoverServer(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    Optional<Long> pid =
        Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().map(String::trim).flatMap(EmbeddedDatabase::parsePid);
    Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(EmbeddedDatabase::isPostgres);
    if (process.isEmpty()) return;
    ProcessHandle server = process.get();
    log.warn("Stopping a PostgreSQL server (pid {}) left running on {} by an earlier process", server.pid(), directory);
    server.destroy();
    try {
      server.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception timeout) {
      server.destroyForcibly();
      try {
        server.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException(
            "PostgreSQL (pid " + server.pid() + ") still runs on " + directory + "; stop it and start again", e);
      }
    }
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(c -> c.contains("postgres")).orElse(true);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
