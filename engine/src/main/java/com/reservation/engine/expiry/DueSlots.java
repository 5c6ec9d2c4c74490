package com.reservation.engine.expiry;

import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The slots whose earliest hold expires by a given instant, from {@code
 * slot_availability.next_expiry} (kept by the availability projection from each write's counts). A
 * partial index holds only slots with holds, so the query reads a handful of index entries however
 * many slots exist.
 */
public final class DueSlots {
  private static final String QUERY =
      "SELECT slot_id, next_expiry FROM slot_availability WHERE next_expiry IS NOT NULL AND next_expiry <= ?"
          + " ORDER BY next_expiry LIMIT ?";

  /** A slot and when its earliest hold expires. */
  public record Due(String slotId, Instant nextExpiry) {}

  private final DataSource dataSource;

  public DueSlots(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Blocking: run it on a JDBC thread. */
  public List<Due> by(Instant until, int limit) {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(QUERY)) {
            s.setObject(1, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            s.setInt(2, limit);
            List<Due> due = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next())
                due.add(
                    new Due(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()));
            }
            return due;
          }
        });
  }
}
