package com.reservation.engine.availability;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.testsupport.CountingDataSource;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The calendar/timetable cache on a real PostgreSQL: a view is one query per cache period however
 * many ask (at once or one after another), a hit is the very answer object of the query (the HTTP
 * layer memoises by identity), an answer expires after the period, and a failed query is not kept.
 */
class AvailabilityQueriesCacheTest {
  private static final LocalDate DAY = LocalDate.of(2030, 3, 4);

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static CountingDataSource store;
  private static ExecutorService jdbc;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.url());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    SchemaMigration.migrate(ds);
    store = new CountingDataSource(ds);
    jdbc = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() throws Exception {
    if (jdbc != null) jdbc.shutdownNow();
    if (db != null) db.close();
  }

  private static AvailabilityQueries queries(Duration cacheFor) {
    return new AvailabilityQueries(store, jdbc, cacheFor, List.of("slot-0"));
  }

  @Test
  void concurrentAndLaterRequestsShareOneQueryAndOneAnswerObject() {
    AvailabilityQueries queries = queries(Duration.ofMinutes(1));
    int before = store.connections.get();
    List<CompletableFuture<List<CalendarDay>>> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++)
      burst.add(queries.calendar("cache-a", DAY, DAY.plusDays(6)).toCompletableFuture());
    List<CalendarDay> first = burst.get(0).join();
    for (CompletableFuture<List<CalendarDay>> answer : burst) assertSame(first, answer.join());
    assertSame(
        first, queries.calendar("cache-a", DAY, DAY.plusDays(6)).toCompletableFuture().join());
    assertEquals(1, store.connections.get() - before, "one query for the view");

    List<TimetableSlot> day = queries.timetable("cache-a", DAY).toCompletableFuture().join();
    assertSame(day, queries.timetable("cache-a", DAY).toCompletableFuture().join());
    queries.calendar("cache-a", DAY, DAY.plusDays(7)).toCompletableFuture().join();
    assertEquals(3, store.connections.get() - before, "another view is another query");
  }

  @Test
  void anAnswerExpiresAfterTheCachePeriod() {
    AvailabilityQueries queries = queries(Duration.ofMillis(50));
    int before = store.connections.get();
    queries.timetable("cache-b", DAY).toCompletableFuture().join();
    Polling.until(
        Duration.ofSeconds(10),
        () -> {
          if (store.connections.get() - before >= 2) return true;
          queries.timetable("cache-b", DAY).toCompletableFuture().join();
          return false;
        },
        "the answer to expire");
  }

  @Test
  void aFailedQueryIsNotKept() {
    AvailabilityQueries queries = queries(Duration.ofMinutes(1));
    store.refuse.set(true);
    try {
      CompletionException failed =
          assertThrows(
              CompletionException.class,
              () -> queries.timetable("cache-c", DAY).toCompletableFuture().join());
      assertNotNull(failed.getCause());
    } finally {
      store.refuse.set(false);
    }
    // The cache drops a failed answer when it completes, a moment after the caller saw the failure:
    // ask again
    // until it is gone (bounded), and then the store is asked anew and answers.
    List<?> answer =
        Polling.untilPasses(
            Duration.ofSeconds(10),
            Polling.OFTEN,
            () -> queries.timetable("cache-c", DAY).toCompletableFuture().join(),
            "the failed answer to be dropped");
    assertEquals(List.of(), answer, "asked again, answered");
  }
}
