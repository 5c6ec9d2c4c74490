package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.PostgresProcesses;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A booking burst while PostgreSQL is frozen (SIGSTOP) for 10 s, then killed and started again:
 * every answer is a 201, a 4xx or a 503 within the ask timeout, never a 201 for a booking that was
 * not stored; the node books again within 5 s of the database coming back, without a restart;
 * afterwards every 201 is in the journal, the slot and the read model, and the three agree.
 */
class StoreOutageUnderBurstTest {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  /**
   * An answer may take the ask timeout plus the time to send it back on a loaded 2-core machine.
   */
  private static final Duration ANSWER_BOUND = ASK_TIMEOUT.plusSeconds(2);

  private static final int CLIENTS = 8;

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(dataDir, Map.of("reservation.ask-timeout", ASK_TIMEOUT.toMillis() + "ms"));
  }

  @AfterAll
  static void stop() {
    if (node != null)
      node.close(); // its PostgreSQL stops with it, the restarted server included (same directory)
  }

  /**
   * One attempt: its key, slot, when it was sent (ms since the burst began), how long it took, and
   * the answer.
   */
  record Attempt(
      String key,
      String slot,
      long sentAtMs,
      long tookMs,
      int status,
      String problem,
      String bookingId) {}

  @Test
  void aFrozenThenRestartedStoreNeverConfirmsFalselyAndTheNodeBooksAgainAlone() throws Exception {
    String venue = node.newVenue("outage-burst");
    LocalDate day = node.schedule(venue, 0, 5_000);
    List<String> slots =
        List.of(TestNode.slotId(venue, day, "0900"), TestNode.slotId(venue, day, "0930"));
    ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger keys = new AtomicInteger();
    long began = System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      clients.submit(
          () -> {
            while (running.get())
              attempts.add(
                  attempt(slots.get(keys.get() % 2), "burst-" + keys.incrementAndGet(), began));
            return null;
          });
    }
    try {
      Polling.until(
          Duration.ofSeconds(20), () -> count(attempts, 201) >= 20, "bookings before the outage");

      PostgresProcesses.pause(dataDir);
      long frozenUntil = sinceMs(began) + 10_000; // frozen mid-burst for 10 s
      Polling.until(
          Duration.ofSeconds(30),
          () -> sinceMs(began) >= frozenUntil,
          "ten seconds of frozen store");
      PostgresProcesses.resume(dataDir);
      PostgresProcesses.kill(dataDir);
      PostgresProcesses.restart(dataDir);
      long backAtMs = sinceMs(began);

      Polling.until(
          Duration.ofSeconds(20),
          () -> attempts.stream().anyMatch(a -> a.status() == 201 && a.sentAtMs() > backAtMs),
          "a booking after the database came back");
      long firstAfter =
          attempts.stream()
              .filter(a -> a.status() == 201 && a.sentAtMs() > backAtMs)
              .mapToLong(a -> a.sentAtMs() + a.tookMs())
              .min()
              .orElseThrow();
      assertTrue(
          firstAfter - backAtMs <= 5_000,
          () -> "booked again " + (firstAfter - backAtMs) + " ms after the store came back");
      long until = sinceMs(began) + 2_000;
      Polling.until(
          Duration.ofSeconds(10), () -> sinceMs(began) > until, "two more seconds of burst");
    } finally {
      running.set(false);
      clients.shutdown();
      assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
    }

    for (Attempt a : attempts) {
      assertTrue(
          a.status() == 201 || a.status() == 503 || (a.status() >= 400 && a.status() < 500),
          a::toString);
      if (a.status() == 503)
        assertTrue(
            a.problem().equals("unavailable") || a.problem().equals("overloaded"), a::toString);
      assertTrue(a.tookMs() <= ANSWER_BOUND.toMillis(), () -> "answered late: " + a);
    }
    assertTrue(count(attempts, 503) > 0, "the outage was felt");

    // Every 201 is stored: its key answers the same booking. A 503 meant "unknown": its key tells
    // the outcome now.
    Map<String, Integer> confirmedPerSlot = new HashMap<>();
    for (Attempt a : attempts) {
      if (a.status() != 201 && a.status() != 503) continue;
      Response retry = node.send(bookingRequest(a.slot(), a.key()));
      assertTrue(
          retry.status() == 200 || (a.status() == 503 && retry.status() == 201),
          () -> a + " -> " + retry);
      if (a.status() == 201)
        assertEquals(a.bookingId(), retry.json().path("bookingId").asText(), a::toString);
      confirmedPerSlot.merge(a.slot(), 1, Integer::sum);
    }
    for (String slot : slots) {
      int confirmed = confirmedPerSlot.getOrDefault(slot, 0);
      assertEquals(
          confirmed,
          node.get("/slots/" + slot).json().path("booked").asInt(),
          "the slot holds every booking");
      Polling.until(
          Duration.ofSeconds(10),
          () -> timetableBooked(venue, day, slot) == confirmed,
          "the read model catches up with " + slot);
    }
    long stored =
        NodeDatabase.count(
            dataDir,
            "SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Slot|" + venue + "%'");
    assertTrue(
        stored > 0
            && stored <= confirmedPerSlot.values().stream().mapToInt(Integer::intValue).sum() + 2);
  }

  private static Attempt attempt(String slot, String key, long began) {
    long sentAt = sinceMs(began);
    long start = System.nanoTime();
    Response response = node.send(bookingRequest(slot, key));
    long took = (System.nanoTime() - start) / 1_000_000;
    String problem = response.status() >= 400 ? response.problem() : null;
    String bookingId = response.status() == 201 ? response.json().path("bookingId").asText() : null;
    return new Attempt(key, slot, sentAt, took, response.status(), problem, bookingId);
  }

  private static HttpRequest bookingRequest(String slot, String key) {
    return node.bookingRequest(slot, "{\"customerId\":\"" + key + "\",\"seats\":1}", key);
  }

  private static long count(ConcurrentLinkedQueue<Attempt> attempts, int status) {
    return attempts.stream().filter(a -> a.status() == status).count();
  }

  private static long sinceMs(long began) {
    return (System.nanoTime() - began) / 1_000_000;
  }

  private static int timetableBooked(String venue, LocalDate day, String slot) {
    for (var s : node.get("/venues/" + venue + "/days/" + day + "/slots").json().path("slots")) {
      if (s.path("slotId").asText().equals(slot)) return s.path("booked").asInt();
    }
    return -1;
  }
}
