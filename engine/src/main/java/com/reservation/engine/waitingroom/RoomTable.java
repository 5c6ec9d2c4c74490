package com.reservation.engine.waitingroom;

import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Which venues have a waiting room, with its settings (table {@code waiting_room}): what every node
 * reads to know where bookings need an admission, without asking the rooms.
 */
final class RoomTable {
  private final DataSource dataSource;
  private final Executor jdbc;

  RoomTable(DataSource dataSource, Executor jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  CompletionStage<Void> put(String venueId, RoomSettings room) {
    return CompletableFuture.runAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement(
                          "INSERT INTO waiting_room (venue_id, opens_at, prequeue_from,"
                              + " admit_per_minute, max_active, admission_ttl_seconds, line_order,"
                              + " closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (venue_id)"
                              + " DO UPDATE SET opens_at = excluded.opens_at, prequeue_from ="
                              + " excluded.prequeue_from, admit_per_minute ="
                              + " excluded.admit_per_minute, max_active = excluded.max_active,"
                              + " admission_ttl_seconds = excluded.admission_ttl_seconds,"
                              + " line_order = excluded.line_order, closes_at = excluded.closes_at,"
                              + " updated_at = now()")) {
                    s.setString(1, venueId);
                    s.setTimestamp(2, Timestamp.from(room.opensAt()));
                    s.setTimestamp(3, Timestamp.from(room.prequeueFrom()));
                    s.setInt(4, room.admitPerMinute());
                    s.setInt(5, room.maxActive());
                    s.setInt(6, room.admissionTtlSeconds());
                    s.setString(7, room.order().wireName());
                    if (room.closesAt() == null) s.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
                    else s.setTimestamp(8, Timestamp.from(room.closesAt()));
                    s.executeUpdate();
                    return null;
                  }
                }),
        jdbc);
  }

  CompletionStage<Void> remove(String venueId) {
    return CompletableFuture.runAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement("DELETE FROM waiting_room WHERE venue_id = ?")) {
                    s.setString(1, venueId);
                    s.executeUpdate();
                    return null;
                  }
                }),
        jdbc);
  }

  /** Every room, by venue id (a handful of rows: rooms are few). */
  Map<String, RoomSettings> all() {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT venue_id, opens_at, prequeue_from, admit_per_minute, max_active,"
                          + " admission_ttl_seconds, line_order, closes_at FROM waiting_room");
              ResultSet r = s.executeQuery()) {
            Map<String, RoomSettings> rooms = new HashMap<>();
            while (r.next()) rooms.put(r.getString(1), settings(r));
            return rooms;
          }
        });
  }

  CompletionStage<Map<String, RoomSettings>> allAsync() {
    return CompletableFuture.supplyAsync(this::all, jdbc);
  }

  private static RoomSettings settings(ResultSet r) throws SQLException {
    Timestamp closes = r.getTimestamp(8);
    return new RoomSettings(
        r.getTimestamp(2).toInstant(),
        r.getTimestamp(3).toInstant(),
        r.getInt(4),
        r.getInt(5),
        r.getInt(6),
        LineOrder.ofWireName(r.getString(7)).orElse(LineOrder.RANDOM_THEN_FIFO),
        closes == null ? null : closes.toInstant());
  }
}
