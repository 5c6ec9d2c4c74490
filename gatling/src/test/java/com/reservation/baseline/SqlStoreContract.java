package com.reservation.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.CalendarDay;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.ScheduleResult;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every PostgreSQL rival must do, against a real (embedded) PostgreSQL: a rival that oversells
 * or lets a customer past the venue's limit would make the benchmark compare with a strawman.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlStoreContract {
  static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).plusDays(3);
  static final String SLOT_PREFIX = "v_" + DAY.toString().replace("-", "") + "_";
  static final String LIMITED_PREFIX = "lim_" + DAY.toString().replace("-", "") + "_";

  private EmbeddedPostgres postgres;
  private HikariDataSource pool;
  SqlStore store;

  /** The store under test, on this pool (auto-commit as the rival's pool has it). */
  abstract SqlStore store(HikariDataSource pool);

  abstract boolean autoCommit();

  @BeforeAll
  void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    config.setUsername("postgres");
    config.setPassword("postgres");
    config.setAutoCommit(autoCommit());
    config.setMaximumPoolSize(16);
    pool = new HikariDataSource(config);
    store = store(pool);
    store.init();
    store.init();
    assertTrue(store.putVenue("v", "Venue", ZoneId.of("UTC"), null));
    ScheduleResult defined = store.defineSchedule("v", schedule(DAY, 5)).orElseThrow();
    assertEquals(new ScheduleResult("v", 12, 0), defined);
    assertTrue(store.putVenue("lim", "Limited", ZoneId.of("UTC"), null));
    store.defineSchedule("lim", schedule(DAY, 5)).orElseThrow();
    // As the benchmark's seeder does: the limit is set on the venue after its slots exist.
    assertEquals(false, store.putVenue("lim", "Limited", ZoneId.of("UTC"), 1));
  }

  @AfterAll
  void stop() throws Exception {
    if (pool != null) pool.close();
    if (postgres != null) postgres.close();
  }

  static ScheduleRequest schedule(LocalDate day, int capacity) {
    return new ScheduleRequest(
        day.toString(), day.plusDays(1).toString(), "09:00", "10:00", 10, capacity, null);
  }

  @Test
  void concurrentBookingsNeverOversell() throws Exception {
    String slot = SLOT_PREFIX + "0900";
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Callable<BookOutcome>> attempts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String customer = "c" + i;
        attempts.add(() -> store.book(slot, customer, 1, null));
      }
      int confirmed = 0;
      int full = 0;
      for (Future<BookOutcome> outcome : threads.invokeAll(attempts)) {
        if (outcome.get() instanceof BookOutcome.Confirmed) confirmed++;
        else if (outcome.get().equals(new BookOutcome.Rejected("slot-full"))) full++;
      }
      assertEquals(5, confirmed);
      assertEquals(35, full);
      assertEquals(5, store.slot(slot).orElseThrow().booked());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void oneConfirmedBookingPerCustomerPerSlot() throws Exception {
    String slot = SLOT_PREFIX + "0910";
    assertInstanceOf(
        BookOutcome.Confirmed.class, store.book(slot, "alice", 1, "{\"name\":\"Alice\"}"));
    assertEquals(new BookOutcome.Rejected("already-booked"), store.book(slot, "alice", 1, null));
    assertEquals(1, store.slot(slot).orElseThrow().booked());
  }

  @Test
  void oneActiveBookingPerCustomerAtALimitedVenueEvenAtOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Callable<BookOutcome>> attempts = new ArrayList<>();
      for (String time : List.of("0900", "0910", "0920", "0930", "0940", "0950")) {
        attempts.add(() -> store.book(LIMITED_PREFIX + time, "zed", 1, null));
      }
      int confirmed = 0;
      int limited = 0;
      for (Future<BookOutcome> outcome : threads.invokeAll(attempts)) {
        if (outcome.get() instanceof BookOutcome.Confirmed) confirmed++;
        else if (outcome.get().equals(new BookOutcome.Rejected("customer-limit-reached")))
          limited++;
      }
      assertEquals(1, confirmed);
      assertEquals(5, limited);
      int seats = 0;
      for (String time : List.of("0900", "0910", "0920", "0930", "0940", "0950"))
        seats += store.slot(LIMITED_PREFIX + time).orElseThrow().booked();
      assertEquals(1, seats, "a refused booking must give its seats back");
    } finally {
      threads.shutdownNow();
    }
    // Other customers are not affected, and an unlimited venue takes the same customer twice.
    assertInstanceOf(
        BookOutcome.Confirmed.class, store.book(LIMITED_PREFIX + "0900", "amy", 1, null));
    assertInstanceOf(BookOutcome.Confirmed.class, store.book(SLOT_PREFIX + "0950", "zed", 1, null));
    assertInstanceOf(BookOutcome.Confirmed.class, store.book(SLOT_PREFIX + "0930", "zed", 1, null));
  }

  @Test
  void cancellingGivesTheSeatsBackOnce() throws Exception {
    String slot = SLOT_PREFIX + "0920";
    var booking = ((BookOutcome.Confirmed) store.book(slot, "bob", 2, null)).booking();
    assertEquals(2, store.slot(slot).orElseThrow().booked());
    assertEquals("CANCELLED", store.cancel(slot, booking.bookingId()).orElseThrow().status());
    assertEquals("CANCELLED", store.cancel(slot, booking.bookingId()).orElseThrow().status());
    assertEquals(0, store.slot(slot).orElseThrow().booked());
    assertInstanceOf(BookOutcome.Confirmed.class, store.book(slot, "bob", 1, null));
  }

  @Test
  void rejectionsSayWhy() throws Exception {
    assertEquals(
        new BookOutcome.Rejected("not-found"), store.book("v_20990101_0900", "carol", 1, null));
    LocalDate past = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    store.defineSchedule("v", schedule(past, 5));
    assertEquals(
        new BookOutcome.Rejected("slot-closed"),
        store.book("v_" + past.toString().replace("-", "") + "_0900", "carol", 1, null));
    assertEquals(
        new BookOutcome.Rejected("slot-full"), store.book(SLOT_PREFIX + "0930", "carol", 6, null));
  }

  @Test
  void aScheduleDefinedTwiceDefinesNothingNew() throws Exception {
    assertEquals(
        new ScheduleResult("v", 0, 12), store.defineSchedule("v", schedule(DAY, 5)).orElseThrow());
    assertTrue(store.defineSchedule("nope", schedule(DAY, 5)).isEmpty());
  }

  @Test
  void calendarAndTimetableAggregateTheSlots() throws Exception {
    String slot = SLOT_PREFIX + "0940";
    store.book(slot, "dan", 3, null);
    CalendarDay day =
        store.calendar("v", DAY, DAY.plusDays(1)).orElseThrow().days().stream()
            .filter(d -> d.date().equals(DAY.toString()))
            .findFirst()
            .orElseThrow();
    assertEquals(6, day.slots());
    assertEquals(30, day.capacity());
    assertEquals(day.capacity() - day.booked(), day.available());
    var timetable = store.timetable("v", DAY).orElseThrow();
    assertEquals(6, timetable.slots().size());
    assertEquals(SLOT_PREFIX + "0900", timetable.slots().get(0).slotId());
    assertEquals(
        2,
        timetable.slots().stream()
            .filter(s -> s.slotId().equals(slot))
            .findFirst()
            .orElseThrow()
            .available());
    assertTrue(store.calendar("nope", DAY, DAY).isEmpty());
  }
}
