package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.ChildNode;
import com.reservation.http.testing.PostgresProcesses;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 201 survives the node being killed: a node in its own JVM is killed hard (SIGKILL) in the
 * middle of a burst of bookings and restarted on the same data directory (stopping the PostgreSQL
 * the dead JVM left running). Every booking that got a 201 is there, CONFIRMED; retrying every
 * request with its Idempotency-Key takes no seat twice; the slot is not overbooked.
 */
class DurableAcknowledgementTest {
  static final int CAPACITY = 300;
  static final int REQUESTS = 600;
  static final int CONCURRENCY = 32;
  static final int KILL_AFTER_ACKS = 100;

  @TempDir Path dataDir;
  private final List<ChildNode> children = new ArrayList<>();

  @AfterEach
  void killEverything() {
    children.forEach(ChildNode::killHard);
    // The killed JVM's PostgreSQL outlives it; never leave one running after the test.
    PostgresProcesses.postmaster(dataDir).ifPresent(p -> PostgresProcesses.kill(dataDir));
  }

  @Test
  void everyAcknowledgedBookingSurvivesAHardKill() throws Exception {
    Map<String, String> environment =
        Map.of(
            "RESERVATION_HTTP_PORT", "0",
            "RESERVATION_DATA_DIR", dataDir.toString(),
            "RESERVATION_EMBEDDED_DB_PORT", Integer.toString(ChildNode.freePort()),
            "RESERVATION_REMOTE_PORT", Integer.toString(ChildNode.freePort()),
            "RESERVATION_MANAGEMENT_PORT", Integer.toString(ChildNode.freePort()),
            "RESERVATION_ADMIN_TOKEN", ApiClient.TOKEN);
    ChildNode first = start(environment);
    ApiClient api = new ApiClient(first.baseUrl());
    String venue = api.newVenue("durable");
    LocalDate day = api.schedule(venue, 0, CAPACITY);
    String slot = ApiClient.slotId(venue, day);

    // The burst: bounded concurrency, each request with its own key; the node dies once 100 have
    // been acknowledged.
    Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
    CountDownLatch enoughAcks = new CountDownLatch(KILL_AFTER_ACKS);
    Semaphore slots = new Semaphore(CONCURRENCY);
    AtomicInteger unanswered = new AtomicInteger();
    List<CompletableFuture<?>> burst = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      slots.acquire();
      int request = i;
      burst.add(
          api.sendAsync(api.bookingRequest(slot, body(request), key(request)))
              .whenComplete(
                  (response, failure) -> {
                    slots.release();
                    if (failure != null) {
                      unanswered.incrementAndGet();
                    } else if (response.status() == 201) {
                      acknowledged.put(request, response.json().path("bookingId").asText());
                      enoughAcks.countDown();
                    }
                  }));
      if (enoughAcks.getCount() == 0) break;
    }
    assertTrue(enoughAcks.await(60, TimeUnit.SECONDS), "acknowledgements before the kill");
    first.killHard();
    CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new))
        .handle((v, f) -> null)
        .get(60, TimeUnit.SECONDS);
    assertTrue(
        PostgresProcesses.postmaster(dataDir).isPresent(),
        "the killed JVM left its PostgreSQL running");
    System.out.printf(
        "killed after %d of %d requests sent: %d acknowledged, %d without an answer%n",
        burst.size(), REQUESTS, acknowledged.size(), unanswered.get());

    ChildNode second = start(environment);
    assertTrue(
        second.output().contains("left running"),
        "the restart stopped the leftover server:\n" + second.output());
    ApiClient restarted = new ApiClient(second.baseUrl());
    for (Map.Entry<Integer, String> ack : acknowledged.entrySet()) {
      Response booking = restarted.get("/slots/" + slot + "/bookings/" + ack.getValue());
      assertEquals(
          200, booking.status(), "acknowledged booking " + ack.getValue() + " lost: " + booking);
      assertEquals("CONFIRMED", booking.json().path("status").asText());
    }
    int booked = restarted.get("/slots/" + slot).json().path("booked").asInt();
    assertTrue(booked >= acknowledged.size() && booked <= CAPACITY, "booked " + booked);

    // Every request again, with its key: the acknowledged ones replay (200, same booking), none
    // takes a second seat.
    int confirmed = 0;
    for (int i = 0; i < REQUESTS; i++) {
      Response retry = restarted.send(restarted.bookingRequest(slot, body(i), key(i)));
      if (acknowledged.containsKey(i)) {
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(acknowledged.get(i), retry.json().path("bookingId").asText());
      }
      if (retry.status() == 200 || retry.status() == 201) confirmed++;
      else assertEquals("slot-full", retry.problem(), retry.toString());
    }
    assertEquals(CAPACITY, confirmed, "as many bookings as seats");
    assertEquals(
        CAPACITY, restarted.get("/slots/" + slot).json().path("booked").asInt(), "not overbooked");
  }

  private ChildNode start(Map<String, String> environment) throws Exception {
    ChildNode child = ChildNode.start(environment);
    children.add(child);
    return child;
  }

  private static String body(int request) {
    return "{\"customerId\":\"durable-" + request + "\"}";
  }

  private static String key(int request) {
    return "durable-key-" + request;
  }
}
