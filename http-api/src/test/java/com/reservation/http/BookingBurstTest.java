package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bursts over real HTTP: no overbooking under 2,000 concurrent bookings, one booking for 20
 * concurrent duplicates of an Idempotency-Key, and the read model's staleness bound (the calendar
 * reflects a booking within 1 s).
 */
class BookingBurstTest {
  /** The bound the README states: the calendar reflects a booking within this. */
  static final Duration STALENESS_BOUND = Duration.ofSeconds(1);

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void twoThousandConcurrentBookingsOnFiftySeats() {
    String venue = node.newVenue("burst");
    LocalDate day = node.schedule(venue, 0, 50);
    String slot = TestNode.slotId(venue, day);
    String calendar = "/venues/" + venue + "/calendar?from=" + day + "&to=" + day;
    node.get(calendar);

    List<CompletableFuture<Response>> burst = new ArrayList<>();
    long burstStart = System.nanoTime();
    for (int i = 0; i < 2000; i++) {
      burst.add(
          node.sendAsync(node.bookingRequest(slot, "{\"customerId\":\"burst-" + i + "\"}", null)));
    }
    CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new))
        .orTimeout(120, TimeUnit.SECONDS)
        .join();
    long burstDone = System.nanoTime();

    Map<String, Integer> outcomes = new TreeMap<>();
    Set<String> bookingIds = new HashSet<>();
    for (CompletableFuture<Response> future : burst) {
      Response response = future.join();
      String outcome =
          response.status() == 201 ? "201" : response.status() + " " + response.problem();
      outcomes.merge(outcome, 1, Integer::sum);
      if (response.status() == 201) bookingIds.add(response.json().path("bookingId").asText());
    }
    assertEquals(Map.of("201", 50, "409 slot-full", 1950), outcomes);
    assertEquals(50, bookingIds.size());
    Response slotView = node.get("/slots/" + slot);
    assertEquals(50, slotView.json().path("booked").asInt());
    assertEquals(0, slotView.json().path("available").asInt());

    Duration seen =
        Polling.until(
            Duration.ofSeconds(10),
            () -> node.get(calendar).json().path("days").path(0).path("booked").asInt() == 50,
            "the calendar to show 50 booked");
    System.out.printf(
        "burst: %d answers in %d ms; the calendar showed 50 booked %d ms after the last one%n",
        burst.size(), (burstDone - burstStart) / 1_000_000, seen.toMillis());
    assertTrue(
        seen.compareTo(STALENESS_BOUND) <= 0,
        "calendar lagged " + seen.toMillis() + " ms after the burst");
  }

  @Test
  void twentyConcurrentDuplicatesMakeOneBooking() {
    String venue = node.newVenue("dupes");
    LocalDate day = node.schedule(venue, 0, 10);
    String slot = TestNode.slotId(venue, day);
    List<CompletableFuture<Response>> duplicates = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      duplicates.add(
          node.sendAsync(
              node.bookingRequest(slot, "{\"customerId\":\"dup\",\"seats\":2}", "same-key")));
    }
    CompletableFuture.allOf(duplicates.toArray(CompletableFuture[]::new))
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
    Map<Integer, Integer> statuses = new TreeMap<>();
    Set<String> ids = new HashSet<>();
    for (CompletableFuture<Response> d : duplicates) {
      statuses.merge(d.join().status(), 1, Integer::sum);
      ids.add(d.join().json().path("bookingId").asText());
    }
    assertEquals(Map.of(201, 1, 200, 19), statuses);
    assertEquals(1, ids.size());
    assertEquals(
        2, node.get("/slots/" + slot).json().path("booked").asInt(), "one booking, its two seats");
  }

  @Test
  void calendarReflectsEachBookingWithinTheBound() {
    String venue = node.newVenue("stale");
    LocalDate day = node.schedule(venue, 0, 100);
    String slot = TestNode.slotId(venue, day);
    String calendar = "/venues/" + venue + "/calendar?from=" + day + "&to=" + day;
    List<Long> lags = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      assertEquals(201, node.book(slot, "stale-" + i).status());
      int expected = i;
      lags.add(
          Polling.until(
                  Duration.ofSeconds(10),
                  () ->
                      node.get(calendar).json().path("days").path(0).path("booked").asInt()
                          == expected,
                  "booking " + i + " in the calendar")
              .toMillis());
    }
    List<Long> sorted = lags.stream().sorted().toList();
    System.out.printf(
        "staleness over %d bookings: median %d ms, max %d ms%n",
        sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    assertTrue(sorted.get(sorted.size() - 1) <= STALENESS_BOUND.toMillis(), "lags " + lags);
  }
}
