package com.reservation.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Public reads cannot starve bookings: while every calendar query is stuck (the read model's table
 * locked by another session, as a flood of random ranges would keep them busy) and more keep
 * coming, the calendar answers 503 "overloaded" for itself, and bookings that must wake their slots
 * (a catalog lookup each) are still recorded. On a node where reads and bookings shared one bounded
 * queue, the stuck reads filled it and every such booking answered 503.
 */
class PublicReadsIsolationTest {
  private static final int SHARED_QUEUE = 24;

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            dataDir,
            Map.of(
                "reservation.jdbc-max-queued",
                SHARED_QUEUE,
                "reservation.public-reads.max-queued",
                8,
                "reservation.public-reads.pool-size",
                2,
                "reservation.availability.cache",
                "1ms"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void aFloodOfStuckCalendarReadsLeavesBookingsThatWakeSlotsAlone() throws Exception {
    String venue = node.newVenue("reads");
    List<LocalDate> days = new ArrayList<>();
    for (int i = 0; i < 5; i++) days.add(node.schedule(venue, i, 10));
    LocalDate today = LocalDate.now(ZoneId.of("UTC"));

    List<CompletableFuture<Response>> calendars = new ArrayList<>();
    try (Connection lock = NodeDatabase.connect(dataDir);
        Statement s = lock.createStatement()) {
      lock.setAutoCommit(false);
      s.execute("LOCK TABLE slot_availability IN ACCESS EXCLUSIVE MODE");

      // More distinct ranges than the shared queue holds: each one a query that now waits.
      for (int i = 0; i < 3 * SHARED_QUEUE; i++) {
        LocalDate from = today.plusDays(i % 60);
        String range = "?from=" + from + "&to=" + from.plusDays(1 + i / 60);
        calendars.add(
            node.sendAsync(node.request("/venues/" + venue + "/calendar" + range).GET().build()));
      }
      Polling.until(
          Duration.ofSeconds(10),
          () -> calendars.stream().anyMatch(c -> c.isDone() && c.join().status() == 503),
          "calendar reads refused once their own queue is full");

      for (LocalDate day : days) {
        Response booked = node.book(TestNode.slotId(venue, day), "isolated-" + day);
        assertEquals(201, booked.status(), "a booking that wakes its slot: " + booked);
      }
      lock.rollback();
    }

    for (CompletableFuture<Response> calendar : calendars) {
      int status = calendar.join().status();
      assertTrue(
          status == 200 || status == 503, "a calendar read answers or is refused: " + status);
    }
    assertEquals(
        200,
        node.get("/venues/" + venue + "/calendar?from=" + today + "&to=" + today.plusDays(7))
            .status());
  }
}
