package com.reservation.http.testing;

import com.reservation.http.testing.ApiClient.Response;
import java.net.http.HttpRequest;
import java.util.List;
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

  /** Stops the clients, waiting for the requests in flight to be answered. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    clients.shutdown();
    if (!clients.awaitTermination(30, TimeUnit.SECONDS))
      throw new IllegalStateException("burst clients of " + keyPrefix + " did not stop in 30 s");
  }
}
