package com.reservation.engine.events.live;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The first and last day a venue has slots on, from the catalog, cached per node. The availability
 * stream refuses any other date before it makes anything for it: a stranger looping over dates
 * would otherwise make a hub, a topic and a periodic query per date. One indexed query per venue
 * per {@code cacheFor}, however many viewers ask; only venues that exist are asked about (the venue
 * is checked first), so the cache is bounded by the venues.
 */
public final class ScheduledDays {
  /** The days a venue has slots on, first to last (days without slots may lie between). */
  public record Range(LocalDate first, LocalDate last) {
    public boolean contains(LocalDate date) {
      return !date.isBefore(first) && !date.isAfter(last);
    }
  }

  private static final String RANGE =
      "SELECT min(local_date), max(local_date) FROM slot_catalog WHERE venue_id = ?";

  private final AsyncLoadingCache<String, Optional<Range>> ranges;

  public ScheduledDays(DataSource dataSource, Executor executor, Duration cacheFor) {
    this.ranges =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(cacheFor)
            .executor(executor)
            .buildAsync(venueId -> load(dataSource, venueId));
  }

  /** The venue's scheduled days, empty when it has no slot at all. */
  public CompletionStage<Optional<Range>> of(String venueId) {
    return ranges.get(venueId);
  }

  private static Optional<Range> load(DataSource dataSource, String venueId) {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(RANGE)) {
            s.setString(1, venueId);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              LocalDate first = rs.getObject(1, LocalDate.class);
              LocalDate last = rs.getObject(2, LocalDate.class);
              return first == null ? Optional.empty() : Optional.of(new Range(first, last));
            }
          }
        });
  }
}
