package com.reservation.engine.events.live;

import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * A venue-day's slots from the catalog and the read model, each with the sequence number its counts
 * reflect (0 for a slot never written), so they merge with live {@link SlotChange}s by "newest
 * wins". One query per venue-day per node when its first viewer arrives and then once per re-sync
 * period, however many viewers watch it.
 */
public final class LiveDayQuery {
  private static final String DAY =
      "SELECT c.slot_id, c.start_local, c.end_local, c.start_instant, COALESCE(a.capacity, c.capacity),"
          + " COALESCE(a.booked, 0), COALESCE(a.admin_closed, false), COALESCE(a.seq_nr, 0), COALESCE(a.held, 0)"
          + " FROM slot_catalog c LEFT JOIN slot_availability a ON a.slot_id = c.slot_id"
          + " WHERE c.venue_id = ? AND c.local_date = ? ORDER BY c.start_local";

  private final DataSource dataSource;
  private final Executor executor;

  public LiveDayQuery(DataSource dataSource, Executor executor) {
    this.dataSource = dataSource;
    this.executor = executor;
  }

  /** The day's slots in start order, as changes stamped with the read model's sequence numbers. */
  public CompletionStage<List<SlotChange>> day(String venueId, LocalDate date) {
    return CompletableFuture.supplyAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s = c.prepareStatement(DAY)) {
                    s.setString(1, venueId);
                    s.setObject(2, date);
                    List<SlotChange> slots = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery()) {
                      while (rs.next()) {
                        slots.add(
                            new SlotChange(
                                rs.getString(1),
                                venueId,
                                rs.getObject(2, LocalDateTime.class),
                                rs.getObject(3, LocalDateTime.class),
                                rs.getObject(4, OffsetDateTime.class).toInstant(),
                                rs.getLong(8),
                                rs.getInt(5),
                                rs.getInt(6),
                                rs.getInt(9),
                                rs.getBoolean(7),
                                null));
                      }
                    }
                    return List.copyOf(slots);
                  }
                }),
        executor);
  }
}
