package com.reservation.http.testing;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.testsupport.Polling;
import java.net.http.HttpRequest;
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

/**
 * Clients booking one seat after another, each request with its own customer and Idempotency-Key,
 * over a few slots in turn, recording every attempt: for tests that break something under a burst
 * and then check every answer against what was stored.
 */
public final class BookingBurst implements AutoCloseable {

  /**
   * One attempt: its key, slot, when it was sent (ms since the burst began), how long it took, and
   * the answer.
   */
  public record Attempt(
      String key,
      String slot,
      long sentAtMs,
      long tookMs,
      int status,
      String problem,
      String bookingId) {}

  private final ApiClient node;
  private final String keyPrefix;
  private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger keys = new AtomicInteger();
  private final long began = System.nanoTime();
  private final ExecutorService clients;

  private BookingBurst(ApiClient node, List<String> slots, int clientCount, String keyPrefix) {
    this.node = node;
    this.keyPrefix = keyPrefix;
    this.clients = Executors.newFixedThreadPool(clientCount);
    for (int c = 0; c < clientCount; c++) {
      clients.submit(
          () -> {
            while (running.get()) {
              int n = keys.incrementAndGet();
              attempts.add(
                  attempt(slots.get(n % slots.size()), keyPrefix + String.format("%05dk", n)));
            }
            return null;
          });
    }
  }

  /** Starts {@code clientCount} clients booking into {@code slots} in turn. */
  public static BookingBurst start(
      ApiClient node, List<String> slots, int clientCount, String keyPrefix) {
    return new BookingBurst(node, slots, clientCount, keyPrefix);
  }

  /** Milliseconds since the burst began (the clock of {@link Attempt#sentAtMs()}). */
  public long elapsedMs() {
    return (System.nanoTime() - began) / 1_000_000;
  }

  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  public long count(int status) {
    return attempts.stream().filter(a -> a.status() == status).count();
  }

  /** The booking request of an attempt, to send again with its key. */
  public HttpRequest request(String slot, String key) {
    return node.bookingRequest(slot, "{\"customerId\":\"" + key + "\",\"seats\":1}", key);
  }

  private Attempt attempt(String slot, String key) {
    long sentAt = elapsedMs();
    long start = System.nanoTime();
    Response response;
    try {
      response = node.send(request(slot, key));
    } catch (Throwable failed) {
      // Kept as an attempt without an answer (status 0), so that the test sees it: a client
      // thread that died here would hide a request whose outcome nobody checks.
      long took = (System.nanoTime() - start) / 1_000_000;
      return new Attempt(key, slot, sentAt, took, 0, failed.toString(), null);
    }
    long took = (System.nanoTime() - start) / 1_000_000;
    String problem = response.status() >= 400 ? response.problem() : null;
    String bookingId = response.status() == 201 ? response.json().path("bookingId").asText() : null;
    return new Attempt(key, slot, sentAt, took, response.status(), problem, bookingId);
  }

  /**
   * Waits until a booking sent after {@code fromMs} is confirmed; answers how long after {@code
   * fromMs} the first such booking was answered.
   */
  public long bookedAgainAfter(long fromMs, Duration within, String what) {
    Polling.until(
        within,
        () -> attempts.stream().anyMatch(a -> a.status() == 201 && a.sentAtMs() > fromMs),
        what);
    long firstAnswered =
        attempts.stream()
            .filter(a -> a.status() == 201 && a.sentAtMs() > fromMs)
            .mapToLong(a -> a.sentAtMs() + a.tookMs())
            .min()
            .orElseThrow();
    return firstAnswered - fromMs;
  }

  /**
   * Every answer, once the clients have stopped, is a 201, a 4xx or a 503 {@code unavailable} or
   * {@code overloaded}, within {@code bound}; and at least one was a 503 (what broke was felt).
   */
  public void assertEveryAnswerWithin(Duration bound) {
    if (running.get()) throw new IllegalStateException("close the burst first");
    for (Attempt a : attempts) {
      boolean expected =
          a.status() == 201
              || (a.status() >= 400 && a.status() < 500)
              || (a.status() == 503
                  && (a.problem().equals("unavailable") || a.problem().equals("overloaded")));
      if (!expected) throw new AssertionError("unexpected answer: " + a);
      if (a.tookMs() > bound.toMillis()) throw new AssertionError("answered late: " + a);
    }
    if (count(503) == 0) throw new AssertionError("no 503: what broke was not felt");
  }

  /**
   * Sends every attempt that was answered 201 or 503 again with its key, once the clients have
   * stopped: a 201 must answer 200 with the same booking (it was stored), a 503 meant "unknown" and
   * its key now tells (200: it was stored; 201: it was not, and is now). Returns, per slot, the
   * bookings that exist afterwards.
   */
  public Map<String, Integer> settle() {
    if (running.get()) throw new IllegalStateException("close the burst first");
    Map<String, Integer> confirmedPerSlot = new HashMap<>();
    for (Attempt a : attempts) {
      if (a.status() != 201 && a.status() != 503) continue;
      Response retry = node.send(request(a.slot(), a.key()));
      if (!(retry.status() == 200 || (a.status() == 503 && retry.status() == 201)))
        throw new AssertionError(a + " -> " + retry);
      if (a.status() == 201 && !a.bookingId().equals(retry.json().path("bookingId").asText()))
        throw new AssertionError("another booking for " + a + ": " + retry);
      confirmedPerSlot.merge(a.slot(), 1, Integer::sum);
    }
    return confirmedPerSlot;
  }

  /**
   * {@link #settle}, then: each slot holds exactly the bookings that exist, and the read model (the
   * timetable of {@code venueId} on {@code day}) shows the same within {@code readModelWithin}.
   */
  public Map<String, Integer> settleAndAgree(
      String venueId, LocalDate day, List<String> slots, Duration readModelWithin) {
    Map<String, Integer> confirmedPerSlot = settle();
    for (String slot : slots) {
      int confirmed = confirmedPerSlot.getOrDefault(slot, 0);
      int held = node.get("/slots/" + slot).json().path("booked").asInt();
      if (held != confirmed)
        throw new AssertionError(slot + " holds " + held + " bookings, " + confirmed + " exist");
      Polling.until(
          readModelWithin,
          () -> node.timetableBooked(venueId, day, slot) == confirmed,
          "the read model catches up with " + slot);
    }
    return confirmedPerSlot;
  }

  /** Stops the clients, waiting for the requests in flight to be answered. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    clients.shutdown();
    if (!clients.awaitTermination(30, TimeUnit.SECONDS))
      throw new IllegalStateException("burst clients of " + keyPrefix + " did not stop in 30 s");
  }
}
