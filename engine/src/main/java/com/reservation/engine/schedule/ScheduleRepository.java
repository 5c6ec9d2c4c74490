package com.reservation.engine.schedule;

import com.reservation.engine.slot.SlotCatalog;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.store.Jdbc;
import com.reservation.engine.venue.Venue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The slot catalog in PostgreSQL: schedules are applied here in one transaction (validated whole,
 * all or nothing, serialised per venue by a row lock on the venue), and slot entities read their
 * definition from here when first touched. Applying a schedule therefore wakes no entity, however
 * many slots it defines.
 */
public final class ScheduleRepository implements SlotCatalog {
  private static final int INSERT_BATCH = 1000;
  private static final int MAX_LISTED_CONFLICTS = 100;

  private final DataSource dataSource;
  private final Executor executor;

  public ScheduleRepository(DataSource dataSource, Executor executor) {
    this.dataSource = dataSource;
    this.executor = executor;
  }

  /**
   * Applies {@code slots} (all of {@code venue}, between {@code from} and {@code to}) whole or not
   * at all.
   */
  public CompletionStage<ScheduleResult> apply(
      Venue venue, LocalDate from, LocalDate to, List<SlotDefinition> slots) {
    return CompletableFuture.supplyAsync(
        () -> Jdbc.inTransaction(dataSource, c -> apply(c, venue, from, to, slots)), executor);
  }

  private static ScheduleResult apply(
      Connection c, Venue venue, LocalDate from, LocalDate to, List<SlotDefinition> slots)
      throws SQLException {
    try (PreparedStatement lock =
        c.prepareStatement("SELECT time_zone FROM venue WHERE venue_id = ? FOR UPDATE")) {
      lock.setString(1, venue.venueId());
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) return new ScheduleResult.UnknownVenue(venue.venueId());
      }
    }
    Map<String, Existing> existing = existing(c, venue.venueId(), from, to);
    List<SlotDefinition> fresh = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    int conflictCount = 0;
    int unchanged = 0;
    for (SlotDefinition slot : slots) {
      Existing found = existing.get(slot.slotId());
      if (found == null) {
        fresh.add(slot);
      } else if (found.end.equals(slot.end()) && found.capacity == slot.capacity()) {
        unchanged++;
      } else {
        conflictCount++;
        if (conflicts.size() < MAX_LISTED_CONFLICTS) conflicts.add(slot.slotId());
      }
    }
    if (conflictCount > 0) {
      return new ScheduleResult.Conflict(venue.venueId(), List.copyOf(conflicts), conflictCount);
    }
    insert(c, fresh);
    return new ScheduleResult.Applied(venue.venueId(), fresh.size(), unchanged);
  }

  private record Existing(LocalDateTime end, int capacity) {}

  private static Map<String, Existing> existing(
      Connection c, String venueId, LocalDate from, LocalDate to) throws SQLException {
    Map<String, Existing> result = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT slot_id, end_local, capacity FROM slot_catalog WHERE venue_id = ? AND local_date BETWEEN ? AND ?")) {
      s.setString(1, venueId);
      s.setObject(2, from);
      s.setObject(3, to);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          result.put(
              rs.getString(1), new Existing(rs.getObject(2, LocalDateTime.class), rs.getInt(3)));
        }
      }
    }
    return result;
  }

  private static void insert(Connection c, List<SlotDefinition> slots) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO slot_catalog(slot_id, venue_id, local_date, start_local, end_local, start_instant, capacity)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      int pending = 0;
      for (SlotDefinition slot : slots) {
        s.setString(1, slot.slotId());
        s.setString(2, slot.venueId());
        s.setObject(3, slot.localDate());
        s.setObject(4, slot.start());
        s.setObject(5, slot.end());
        s.setObject(6, OffsetDateTime.ofInstant(slot.startInstant(), ZoneOffset.UTC));
        s.setInt(7, slot.capacity());
        s.addBatch();
        if (++pending == INSERT_BATCH) {
          s.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) s.executeBatch();
    }
  }

  /** Every slot of a venue's local day, by id. */
  public CompletionStage<Map<String, SlotDefinition>> day(String venueId, LocalDate date) {
    return CompletableFuture.supplyAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT slot_id, start_local, end_local, start_instant, capacity FROM slot_catalog"
                              + " WHERE venue_id = ? AND local_date = ?")) {
                    s.setString(1, venueId);
                    s.setObject(2, date);
                    Map<String, SlotDefinition> slots = new HashMap<>();
                    try (ResultSet rs = s.executeQuery()) {
                      while (rs.next()) {
                        String slotId = rs.getString(1);
                        slots.put(
                            slotId,
                            new SlotDefinition(
                                slotId,
                                venueId,
                                rs.getObject(2, LocalDateTime.class),
                                rs.getObject(3, LocalDateTime.class),
                                rs.getObject(4, OffsetDateTime.class).toInstant(),
                                rs.getInt(5)));
                      }
                    }
                    return Map.copyOf(slots);
                  }
                }),
        executor);
  }

  @Override
  public CompletionStage<Optional<SlotDefinition>> find(String slotId) {
    return CompletableFuture.supplyAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT venue_id, start_local, end_local, start_instant, capacity FROM slot_catalog WHERE slot_id = ?")) {
                    s.setString(1, slotId);
                    try (ResultSet rs = s.executeQuery()) {
                      if (!rs.next()) return Optional.<SlotDefinition>empty();
                      return Optional.of(
                          new SlotDefinition(
                              slotId,
                              rs.getString(1),
                              rs.getObject(2, LocalDateTime.class),
                              rs.getObject(3, LocalDateTime.class),
                              rs.getObject(4, OffsetDateTime.class).toInstant(),
                              rs.getInt(5)));
                    }
                  }
                }),
        executor);
  }

  /**
   * Writes a slot's new capacity into the catalog at once, so that the admin who changed it and
   * then re-posts a schedule is compared with it (read your own write). The availability projection
   * writes the same value a moment later, in journal order: if two changes' writes here cross, the
   * projection's last one still settles the catalog.
   */
  public CompletionStage<Void> recordCapacity(String slotId, int capacity) {
    return CompletableFuture.runAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement(
                          "UPDATE slot_catalog SET capacity = ? WHERE slot_id = ? AND capacity <> ?")) {
                    s.setInt(1, capacity);
                    s.setString(2, slotId);
                    s.setInt(3, capacity);
                    return s.executeUpdate();
                  }
                }),
        executor);
  }
}
