package com.reservation.engine.events.arrivals;

import akka.actor.typed.ActorSystem;
import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the nodes' arrival counts add up ({@code booking_arrivals}), and the curve read back for
 * export.
 */
public final class ArrivalStore {
  private static final Logger log = LoggerFactory.getLogger(ArrivalStore.class);

  private static final String ADD =
      "INSERT INTO booking_arrivals (venue_id, slot_id, second, attempts, confirmed, rejected, refused)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (venue_id, second, slot_id) DO UPDATE SET"
          + " attempts = booking_arrivals.attempts + EXCLUDED.attempts,"
          + " confirmed = booking_arrivals.confirmed + EXCLUDED.confirmed,"
          + " rejected = booking_arrivals.rejected + EXCLUDED.rejected,"
          + " refused = booking_arrivals.refused + EXCLUDED.refused";
  private static final String CURVE =
      "SELECT a.second, a.slot_id, c.start_local, COALESCE(s.capacity, c.capacity), a.attempts, a.confirmed,"
          + " a.rejected, a.refused"
          + " FROM booking_arrivals a LEFT JOIN slot_catalog c ON c.slot_id = a.slot_id"
          + " LEFT JOIN slot_availability s ON s.slot_id = a.slot_id"
          + " WHERE a.venue_id = ? AND a.second >= ? AND a.second < ? ORDER BY a.second, a.slot_id";

  /**
   * One slot's second of the curve, with the slot's start and capacity (null when the slot is
   * unknown).
   */
  public record Row(
      Instant second,
      String slotId,
      LocalDateTime slotStart,
      Integer capacity,
      long attempts,
      long confirmed,
      long rejected,
      long refused) {}

  private final DataSource dataSource;

  public ArrivalStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Every {@code every}, stores what {@code counter} counted for the seconds older than {@code
   * settle} (an attempt is answered within the ask timeout, so by then its second no longer
   * changes), on {@code executor}.
   */
  public void flushPeriodically(
      ActorSystem<?> system,
      ArrivalCounter counter,
      Executor executor,
      Duration every,
      Duration settle,
      Clock clock) {
    AtomicBoolean running = new AtomicBoolean();
    system
        .scheduler()
        .scheduleAtFixedRate(
            every,
            every,
            () -> {
              if (!running.compareAndSet(false, true)) return;
              CompletableFuture.runAsync(
                      () -> flush(counter, clock.instant().minus(settle).getEpochSecond()),
                      executor)
                  .whenComplete((done, failure) -> running.set(false));
            },
            system.executionContext());
  }

  /**
   * Stores the counts of the seconds before {@code beforeEpochSecond}; on failure they go back to
   * the counter.
   */
  public void flush(ArrivalCounter counter, long beforeEpochSecond) {
    List<Map.Entry<ArrivalCounter.Key, ArrivalCounter.Counts>> drained =
        counter.drain(beforeEpochSecond);
    if (drained.isEmpty()) return;
    try {
      Jdbc.inTransaction(
          dataSource,
          c -> {
            try (PreparedStatement s = c.prepareStatement(ADD)) {
              for (Map.Entry<ArrivalCounter.Key, ArrivalCounter.Counts> entry : drained) {
                ArrivalCounter.Key key = entry.getKey();
                ArrivalCounter.Counts counts = entry.getValue();
                s.setString(1, key.venueId());
                s.setString(2, key.slotId());
                s.setTimestamp(3, Timestamp.from(Instant.ofEpochSecond(key.epochSecond())));
                s.setLong(4, counts.attempts());
                s.setLong(5, counts.confirmed());
                s.setLong(6, counts.rejected());
                s.setLong(7, counts.refused());
                s.addBatch();
              }
              s.executeBatch();
            }
            return null;
          });
    } catch (RuntimeException e) {
      counter.restore(drained);
      log.warn("Arrival counts not stored (kept for the next attempt): {}", e.toString());
    }
  }

  /**
   * The venue's curve from {@code from} (inclusive) to {@code to} (exclusive), by second then slot.
   */
  public List<Row> curve(String venueId, Instant from, Instant to) {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(CURVE)) {
            s.setString(1, venueId);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                rows.add(
                    new Row(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getObject(3, LocalDateTime.class),
                        rs.getObject(4, Integer.class),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8)));
              }
            }
            return rows;
          }
        });
  }
}
