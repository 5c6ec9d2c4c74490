package com.reservation.engine.availability;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Calendar and timetable from the catalog joined with the read model, through a short per-node
 * cache (Caffeine, one per kind of view). Concurrent requests for a view share one query, and every
 * request within {@code cacheFor} of an answer gets that very answer object (the HTTP layer
 * memoises its serialisation by identity), so a burst of calendar views costs the database about
 * one query per view per {@code cacheFor}. Entries expire rather than refresh: an answer is never
 * served older than {@code cacheFor}, which is what the documented staleness bound counts on. A
 * failed query is not kept, so the next request asks again.
 */
public final class AvailabilityQueries {
  private static final int MAX_CACHED_VIEWS = 10_000;

  private record CalendarView(String venueId, LocalDate from, LocalDate to) {}

  private record DayView(String venueId, LocalDate date) {}

  private final DataSource dataSource;
  private final Executor executor;
  private final List<String> tags;
  private final AsyncLoadingCache<CalendarView, List<CalendarDay>> calendars;
  private final AsyncLoadingCache<DayView, List<TimetableSlot>> timetables;

  /**
   * @param tags the tags the projection runs over (one instance each), for the lag metric
   */
  public AvailabilityQueries(
      DataSource dataSource, Executor executor, Duration cacheFor, List<String> tags) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.tags = List.copyOf(tags);
    this.calendars = cache(cacheFor, view -> loadCalendar(view.venueId(), view.from(), view.to()));
    this.timetables = cache(cacheFor, view -> loadTimetable(view.venueId(), view.date()));
  }

  /** The queries (blocking JDBC) run on {@code executor}, never on the caller's thread. */
  private <K, V> AsyncLoadingCache<K, V> cache(Duration cacheFor, Function<K, V> load) {
    return Caffeine.newBuilder()
        .executor(executor)
        .expireAfterWrite(cacheFor)
        .maximumSize(MAX_CACHED_VIEWS)
        .buildAsync(load::apply);
  }

  public CompletionStage<List<CalendarDay>> calendar(String venueId, LocalDate from, LocalDate to) {
    return calendars.get(new CalendarView(venueId, from, to));
  }

  public CompletionStage<List<TimetableSlot>> timetable(String venueId, LocalDate date) {
    return timetables.get(new DayView(venueId, date));
  }

  private List<CalendarDay> loadCalendar(String venueId, LocalDate from, LocalDate to) {
    String sql =
        "SELECT c.local_date, count(*),"
            + " sum(COALESCE(a.capacity, c.capacity)),"
            + " sum(COALESCE(a.booked, 0)),"
            + " sum(CASE WHEN COALESCE(a.admin_closed, false) OR c.start_instant <= now() THEN 0"
            + "     ELSE GREATEST(COALESCE(a.capacity, c.capacity) - COALESCE(a.booked, 0) - COALESCE(a.held, 0), 0) END),"
            + " sum(COALESCE(a.held, 0))"
            + " FROM slot_catalog c LEFT JOIN slot_availability a ON a.slot_id = c.slot_id"
            + " WHERE c.venue_id = ? AND c.local_date BETWEEN ? AND ?"
            + " GROUP BY c.local_date ORDER BY c.local_date";
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, venueId);
            s.setObject(2, from);
            s.setObject(3, to);
            List<CalendarDay> days = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                days.add(
                    new CalendarDay(
                        rs.getObject(1, LocalDate.class),
                        rs.getInt(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6)));
              }
            }
            return List.copyOf(days);
          }
        });
  }

  private List<TimetableSlot> loadTimetable(String venueId, LocalDate date) {
    String sql =
        "SELECT c.slot_id, c.start_local, c.start_instant, c.end_local, COALESCE(a.capacity, c.capacity),"
            + " COALESCE(a.booked, 0), COALESCE(a.admin_closed, false) OR c.start_instant <= now(),"
            + " COALESCE(a.held, 0), COALESCE(a.waiting, 0)"
            + " FROM slot_catalog c LEFT JOIN slot_availability a ON a.slot_id = c.slot_id"
            + " WHERE c.venue_id = ? AND c.local_date = ? ORDER BY c.start_local";
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, venueId);
            s.setObject(2, date);
            List<TimetableSlot> slots = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                int capacity = rs.getInt(5);
                int booked = rs.getInt(6);
                boolean closed = rs.getBoolean(7);
                int held = rs.getInt(8);
                slots.add(
                    new TimetableSlot(
                        rs.getString(1),
                        rs.getObject(2, LocalDateTime.class),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, LocalDateTime.class),
                        capacity,
                        booked,
                        Math.max(0, capacity - booked - held),
                        closed ? SlotStatus.CLOSED : SlotStatus.OPEN,
                        held,
                        rs.getInt(9)));
              }
            }
            return List.copyOf(slots);
          }
        });
  }

  /**
   * How far the projection is behind the journal, in events (for metrics): per tag, the tagged
   * events beyond that tag's stored position. Each tag's instance has its own position, so the
   * count reads zero exactly when all have caught up.
   */
  public CompletionStage<Long> projectionLagEvents() {
    return CompletableFuture.supplyAsync(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement(
                          "WITH position AS (SELECT COALESCE(max(split_part(current_offset, ':', 1)::bigint), 0) AS txid,"
                              + " COALESCE(max(split_part(current_offset, ':', 2)::bigint), 0) AS ordering"
                              + " FROM akka_projection_offset_store WHERE projection_name = ? AND projection_key = ?)"
                              + " SELECT count(*) FROM event_tag e, position p"
                              + " WHERE e.tag = ? AND (e.txid, e.event_id) > (p.txid, p.ordering)")) {
                    long lag = 0;
                    for (String tag : tags) {
                      s.setString(1, AvailabilityProjection.NAME);
                      s.setString(2, tag);
                      s.setString(3, tag);
                      try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        lag += rs.getLong(1);
                      }
                    }
                    return lag;
                  }
                }),
        executor);
  }
}
