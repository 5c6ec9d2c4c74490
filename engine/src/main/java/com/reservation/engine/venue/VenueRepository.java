package com.reservation.engine.venue;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.reservation.engine.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Venues in PostgreSQL. Every public request names a venue, so lookups go through a per-node cache
 * of answers (found or not) that refreshes itself in the background; a venue's own writes refresh
 * this node's cache at once.
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

  private static final String SELECT =
      "SELECT name, time_zone, max_active_bookings_per_customer, waitlist_policy FROM venue WHERE venue_id = ?";

  private final DataSource dataSource;
  private final Executor executor;

  /**
   * Found and unknown venues alike, refreshed in the background once older than {@code
   * refreshAfter}: a lookup never waits for the database while an answer is known, so bookings for
   * a known venue go on through a store outage (the refresh fails and the known answer stays);
   * concurrent misses share one query; size-bounded, O(1) eviction.
   */
  private final AsyncLoadingCache<String, Optional<Venue>> cache;

  public VenueRepository(DataSource dataSource, Executor executor, Duration refreshAfter) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.cache =
        Caffeine.newBuilder()
            .executor(executor)
            .maximumSize(10_000)
            .refreshAfterWrite(refreshAfter)
            .buildAsync(
                (venueId, ignored) -> CompletableFuture.supplyAsync(() -> load(venueId), executor));
  }

  /** The venue, from this node's cache when known (see {@link #cache}). */
  public CompletionStage<Optional<Venue>> find(String venueId) {
    return cache.get(venueId);
  }

  public CompletionStage<Change> upsert(Venue venue) {
    return CompletableFuture.supplyAsync(
        () -> {
          Change change = Jdbc.inTransaction(dataSource, c -> upsert(c, venue));
          cache.synchronous().invalidate(venue.venueId());
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
      insert.setObject(4, venue.maxActiveBookingsPerCustomer(), Types.INTEGER);
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
      update.setObject(3, venue.maxActiveBookingsPerCustomer(), Types.INTEGER);
      update.setString(4, venue.waitlistPolicy().name());
      update.setString(5, venue.venueId());
      update.executeUpdate();
    }
    return Change.UPDATED;
  }

  private static boolean hasSlots(Connection c, String venueId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM slot_catalog WHERE venue_id = ? LIMIT 1")) {
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
