package com.reservation.http.cli;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.events.arrivals.ArrivalStore;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.Jdbc;
import com.reservation.http.node.NodeSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes a past burst's arrival curve as CSV: per second and slot, the booking attempts the nodes
 * counted at their HTTP edge and how they ended. No customer, no contact: counts, slot ids and
 * capacities only. Gatling's {@code ReplayBurst} replays such a file.
 */
@Command(
    name = "export-arrivals",
    mixinStandardHelpOptions = true,
    description = {
      "Write a venue's booking arrival curve (attempts per second and slot, with their outcomes) as CSV, then exit.",
      "Times are instants (2026-12-01T01:00:00Z) or local date-times in the venue's time zone (2026-12-01T09:00);",
      "--to is exclusive. Reads the database the nodes share (--db-url), or the running single node's embedded one.",
      "  export-arrivals --venue pwtc --from 2026-12-01T09:00 --to 2026-12-01T09:10 --out burst.csv"
    })
public final class ExportArrivalsCommand implements Callable<Integer> {
  /** The CSV's columns. */
  public static final String HEADER =
      "offset_seconds,second,slot,slot_id,slot_start,capacity,attempts,confirmed,rejected,refused";

  @Mixin NodeOptions options;

  @Option(names = "--venue", required = true, description = "The venue.")
  String venueId;

  @Option(names = "--from", required = true, description = "First second (inclusive).")
  String from;

  @Option(names = "--to", required = true, description = "End (exclusive).")
  String to;

  @Option(names = "--out", description = "The CSV file (default: standard output).")
  Path out;

  @Override
  public Integer call() {
    if (!SlotId.isValidVenueId(venueId)) {
      System.err.println("reservation-engine export-arrivals: --venue must match [a-z0-9-]{1,40}");
      return 2;
    }
    EmbeddedDatabase embedded = null;
    try {
      NodeSettings settings = options.settings();
      DatabaseSettings db;
      if (settings.dbUrl().isPresent()) {
        db = DatabaseSettings.fromConfig(settings.config().getConfig("reservation.db"));
      } else {
        Optional<DatabaseSettings> running = runningEmbedded(settings);
        if (running.isPresent()) {
          db = running.get();
        } else {
          embedded = EmbeddedDatabase.start(settings.dataDir(), settings.embeddedDbPort());
          db = new DatabaseSettings(embedded.url(), embedded.user(), embedded.password(), 2);
        }
      }
      // An export of a long window reads for a while: no statement limit on its connections.
      DatabaseSettings export = db.withTimeouts(db.timeouts().withoutStatementLimit());
      try (HikariDataSource pool = Database.pool(export, "export-arrivals")) {
        Optional<ZoneId> zone = venueZone(pool, venueId);
        if (zone.isEmpty()) {
          System.err.println("reservation-engine export-arrivals: no venue " + venueId);
          return 1;
        }
        Instant start = instant(from, zone.get(), "--from");
        Instant end = instant(to, zone.get(), "--to");
        if (!end.isAfter(start)) throw new IllegalArgumentException("--to must be after --from");
        List<ArrivalStore.Row> rows = new ArrivalStore(pool).curve(venueId, start, end);
        try (Writer writer = writer()) {
          write(rows, writer);
        }
        System.err.println(
            "export-arrivals: "
                + rows.size()
                + " rows for "
                + venueId
                + " from "
                + start
                + " to "
                + end);
      }
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("reservation-engine export-arrivals: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("reservation-engine export-arrivals: " + e.getMessage());
      return 1;
    } finally {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // The export's outcome is already reported.
        }
      }
    }
  }

  /** Rows by second then slot; {@code slot} numbers the slots by start time, from 0. */
  static void write(List<ArrivalStore.Row> rows, Writer out) throws IOException {
    out.write(HEADER);
    out.write('\n');
    if (rows.isEmpty()) return;
    Map<String, LocalDateTime> starts = new TreeMap<>();
    for (ArrivalStore.Row r : rows)
      starts.putIfAbsent(r.slotId(), r.slotStart() == null ? LocalDateTime.MAX : r.slotStart());
    Map<String, Integer> slotIndex = new LinkedHashMap<>();
    starts.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, LocalDateTime> e) -> e.getValue())
                .thenComparing(Map.Entry::getKey))
        .forEach(e -> slotIndex.put(e.getKey(), slotIndex.size()));
    long first =
        rows.stream()
            .map(ArrivalStore.Row::second)
            .min(Comparator.naturalOrder())
            .orElseThrow()
            .getEpochSecond();
    for (ArrivalStore.Row r : rows) {
      out.write(
          (r.second().getEpochSecond() - first)
              + ","
              + r.second()
              + ","
              + slotIndex.get(r.slotId())
              + ","
              + r.slotId()
              + ","
              + (r.slotStart() == null ? "" : r.slotStart().toString())
              + ","
              + (r.capacity() == null ? "" : r.capacity().toString())
              + ","
              + r.attempts()
              + ","
              + r.confirmed()
              + ","
              + r.rejected()
              + ","
              + r.refused()
              + "\n");
    }
  }

  private Writer writer() throws IOException {
    if (out == null)
      return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) {
        @Override
        public void close() throws IOException {
          flush(); // never close standard output
        }
      };
    return Files.newBufferedWriter(out, StandardCharsets.UTF_8);
  }

  static Instant instant(String text, ZoneId zone, String flag) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            flag
                + " must be an instant (2026-12-01T01:00:00Z) or a local date-time (2026-12-01T09:00)");
      }
    }
  }

  private static Optional<ZoneId> venueZone(HikariDataSource pool, String venueId) {
    return Jdbc.withConnection(
        pool,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT time_zone FROM venue WHERE venue_id = ?")) {
            s.setString(1, venueId);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(ZoneId.of(rs.getString(1))) : Optional.empty();
            }
          }
        });
  }

  /**
   * The embedded PostgreSQL of a node running on this data directory, if one answers on its port.
   * Starting our own on the same files would stop the node's, so when one seems to run but does not
   * answer, this refuses.
   */
  private static Optional<DatabaseSettings> runningEmbedded(NodeSettings settings)
      throws SQLException, IOException {
    int port = settings.embeddedDbPort();
    // The running node's server requires the password it keeps beside its files.
    String password = EmbeddedDatabase.passwordOf(settings.dataDir()).orElse("");
    DatabaseSettings candidate =
        new DatabaseSettings(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
            EmbeddedDatabase.USER,
            password,
            2);
    if (port > 0 && !password.isEmpty()) {
      DriverManager.setLoginTimeout(2);
      try (Connection c =
          DriverManager.getConnection(candidate.url(), candidate.user(), candidate.password())) {
        return Optional.of(candidate);
      } catch (SQLException notRunning) {
        // no node's database here: start it ourselves (below)
      }
    }
    Path pidFile =
        settings.dataDir().toAbsolutePath().resolve("postgres").resolve("postmaster.pid");
    if (serverAlive(pidFile)) {
      throw new SQLException(
          "a PostgreSQL seems to run on "
              + settings.dataDir()
              + " but does not answer on port "
              + port
              + "; pass --db-url, or stop the node first");
    }
    return Optional.empty();
  }

  private static boolean serverAlive(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) return false;
      String first =
          Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream()
              .findFirst()
              .orElse("")
              .trim();
      return ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }
}
