package com.reservation.engine.availability;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.store.SchemaMigration;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.connections.get() - before < 2) {
      assertTrue(System.nanoTime() < deadline, "the answer never expired");
      queries.timetable("cache-b", DAY).toCompletableFuture().join();
    }
  }

  @Test
  void aFailedQueryIsNotKept() {
    AvailabilityQueries queries = queries(Duration.ofMinutes(1));
    store.failing.set(true);
    try {
      CompletionException failed =
          assertThrows(
              CompletionException.class,
              () -> queries.timetable("cache-c", DAY).toCompletableFuture().join());
      assertNotNull(failed.getCause());
    } finally {
      store.failing.set(false);
    }
    // The cache drops a failed answer when it completes, a moment after the caller saw the failure:
    // ask again
    // until it is gone (bounded), and then the store is asked anew and answers.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<?> answer = null;
    while (answer == null && System.nanoTime() < deadline) {
      try {
        answer = queries.timetable("cache-c", DAY).toCompletableFuture().join();
      } catch (CompletionException stillTheFailedOne) {
        Thread.onSpinWait();
      }
    }
    assertEquals(List.of(), answer, "asked again, answered");
  }

  /** Counts the connections taken (one per query) and refuses them on demand. */
  private static final class CountingDataSource implements DataSource {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicBoolean failing = new AtomicBoolean();
    private final DataSource delegate;

    CountingDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (failing.get()) throw new SQLException("refused by the test", "08001");
      connections.incrementAndGet();
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return delegate.isWrapperFor(type);
    }
  }
}
