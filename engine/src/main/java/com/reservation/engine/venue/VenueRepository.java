package com.reservation.engine.venue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import com.reservation.engine.store.Jdbc;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Venues in PostgreSQL. Every public request names a venue, so lookups go through a per-node cache that keeps an
 * answer (found or not) for a short time; a venue's own writes refresh this node's cache at once.
 */
public final class VenueRepository {

  /** What an upsert did. */
  public enum Change {
    CREATED,
    UPDATED,
    UNCHANGED,
    /** The time zone cannot change once the venue has slots. */
    TIME_ZONE_LOCKED
  }

  private record Cached(CompletableFuture<Optional<Venue>> venue, long expiresAtNanos) {}

  private static final String SELECT =
      "SELECT name, time_zone, max_active_bookings_per_customer, waitlist_policy FROM venue WHERE venue_id = ?";

  private final DataSource dataSource;
  private final Executor executor;
  private static final int MAX_CACHED = 10_000;

  private final long cacheNanos;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public VenueRepository(DataSource dataSource, Executor executor, Duration cacheFor) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.cacheNanos = cacheFor.toNanos();
  }

  /**
   * The venue, from this node's cache while fresh. Concurrent lookups of an expired or unknown entry share one query,
   * so a burst after expiry costs one round trip, not one per request.
   */
  public CompletionStage<Optional<Venue>> find(String venueId) {
    long now = System.nanoTime();
    // The common case (a fresh entry) is a lock-free read; compute() only for a miss, so one query serves a burst.
    Cached fresh = cache.get(venueId);
    if (fresh != null && fresh.expiresAtNanos - now > 0 && !fresh.venue.isCompletedExceptionally()) {
      return fresh.venue;
    }
    Cached entry =
        cache.compute(
            venueId,
            (id, existing) -> {
              if (existing != null
                  && existing.expiresAtNanos - now > 0
                  && !existing.venue.isCompletedExceptionally()) {
                return existing;
              }
              return new Cached(CompletableFuture.supplyAsync(() -> load(id), executor), now + cacheNanos);
            });
    // Unknown venue ids are cached too (a burst of 404s costs one query); keep the cache bounded all the same.
    if (cache.size() > MAX_CACHED) cache.entrySet().removeIf(e -> e.getValue().expiresAtNanos - now <= 0);
    return entry.venue;
  }

  public CompletionStage<Change> upsert(Venue venue) {
    return CompletableFuture.supplyAsync(
        () -> {
          Change change = Jdbc.inTransaction(dataSource, c -> upsert(c, venue));
          cache.remove(venue.venueId());
          return change;
        },
        executor);
  }

  private static Change upsert(Connection c, Venue venue) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO venue(venue_id, name, time_zone, max_active_bookings_per_customer, waitlist_policy)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (venue_id) DO NOTHING")) {
      insert.setString(1, venue.venueId());
      insert.setString(2, venue.name());
      insert.setString(3, venue.timeZone().getId());
      insert.setObject(4, venue.maxActiveBookingsPerCustomer(), java.sql.Types.INTEGER);
      insert.setString(5, venue.waitlistPolicy().name());
      if (insert.executeUpdate() == 1) return Change.CREATED;
    }
    Venue stored;
    try (PreparedStatement select = c.prepareStatement(SELECT + " FOR UPDATE")) {
      select.setString(1, venue.venueId());
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        stored = venue(venue.venueId(), rs);
      }
    }
    boolean zoneChanges = !stored.timeZone().equals(venue.timeZone());
    if (stored.equals(venue)) return Change.UNCHANGED;
    if (zoneChanges && hasSlots(c, venue.venueId())) return Change.TIME_ZONE_LOCKED;
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE venue SET name = ?, time_zone = ?, max_active_bookings_per_customer = ?, waitlist_policy = ?,"
                + " updated_at = now() WHERE venue_id = ?")) {
      update.setString(1, venue.name());
      update.setString(2, venue.timeZone().getId());
      update.setObject(3, venue.maxActiveBookingsPerCustomer(), java.sql.Types.INTEGER);
      update.setString(4, venue.waitlistPolicy().name());
      update.setString(5, venue.venueId());
      update.executeUpdate();
    }
    return Change.UPDATED;
  }

  private static boolean hasSlots(Connection c, String venueId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM slot_catalog WHERE venue_id = ? LIMIT 1")) {
      s.setString(1, venueId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Optional<Venue> load(String venueId) {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(SELECT)) {
            s.setString(1, venueId);
            try (ResultSet rs = s.executeQuery()) {
              if (!rs.next()) return Optional.empty();
              return Optional.of(venue(venueId, rs));
            }
          }
        });
  }

  private static Venue venue(String venueId, ResultSet rs) throws SQLException {
    return new Venue(
        venueId,
        rs.getString(1),
        ZoneId.of(rs.getString(2)),
        rs.getObject(3, Integer.class),
        WaitlistPolicy.valueOf(rs.getString(4)));
  }
}
