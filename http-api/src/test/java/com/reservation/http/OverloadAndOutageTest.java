package com.reservation.http;

import static com.reservation.http.ApiContractTest.assertProblem;
import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.PostgresProcesses;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload and store failure on a node with room for two slot requests: with the database frozen
 * (SIGSTOP), two bookings wait on their write; a third is refused at once (503 overloaded); the two
 * answer 503 unavailable at the ask timeout, never 201; once the database is back, retrying with
 * the same Idempotency-Key tells their outcome, and no seat is taken twice.
 */
class OverloadAndOutageTest {
  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            dataDir,
            Map.of(
                "reservation.http.max-in-flight", 2,
                "reservation.ask-timeout", "2s",
                "reservation.http.retry-after-seconds", 3));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      PostgresProcesses.postmaster(dataDir).ifPresent(p -> PostgresProcesses.resume(dataDir));
      node.close();
    }
  }

  @Test
  void refusesAtOnceWhenFullAndNeverConfirmsAnUnstoredBooking() {
    String venue = node.newVenue("outage");
    LocalDate day = node.schedule(venue, 0, 10);
    String slot = TestNode.slotId(venue, day);
    assertEquals(201, node.book(slot, "before").status(), "the slot is awake and has written once");

    CompletableFuture<Response> first;
    CompletableFuture<Response> second;
    PostgresProcesses.pause(dataDir);
    try {
      first = node.sendAsync(node.bookingRequest(slot, "{\"customerId\":\"first\"}", "key-first"));
      second =
          node.sendAsync(node.bookingRequest(slot, "{\"customerId\":\"second\"}", "key-second"));
      Polling.until(
          Duration.ofSeconds(5),
          () -> gauge("reservation_slot_requests_in_flight") == 2,
          "two requests in flight");

      long refusedAt = System.nanoTime();
      Response refused =
          node.send(node.bookingRequest(slot, "{\"customerId\":\"third\"}", "key-third"));
      assertProblem(refused, 503, "overloaded");
      assertEquals("3", refused.header("Retry-After"));
      assertTrue(
          System.nanoTime() - refusedAt < Duration.ofSeconds(1).toNanos(),
          "refused at once, not queued");
      assertProblem(node.get("/slots/" + slot), 503, "overloaded");
      // Reads of the read model and operations are not slot requests: they are still served.
      assertEquals(200, node.get("/metrics").status());

      for (CompletableFuture<Response> stalled : List.of(first, second)) {
        Response response = stalled.orTimeout(15, TimeUnit.SECONDS).join();
        assertProblem(response, 503, "unavailable");
      }
      Polling.until(
          Duration.ofSeconds(15),
          () -> node.get("/health/ready").status() == 503,
          "not ready without a store");
    } finally {
      PostgresProcesses.resume(dataDir);
    }

    Polling.until(
        Duration.ofSeconds(15), () -> node.get("/health/ready").status() == 200, "ready again");
    // A 503 means "outcome unknown": the same key tells it. Both writes landed once the store came
    // back.
    for (String who : new String[] {"first", "second"}) {
      Response retried =
          node.send(node.bookingRequest(slot, "{\"customerId\":\"" + who + "\"}", "key-" + who));
      assertTrue(retried.status() == 200 || retried.status() == 201, retried.toString());
      assertEquals("CONFIRMED", retried.json().path("status").asText());
    }
    assertEquals(
        201,
        node.send(node.bookingRequest(slot, "{\"customerId\":\"third\"}", "key-third")).status());
    assertEquals(
        4, node.get("/slots/" + slot).json().path("booked").asInt(), "no seat taken twice");

    assertTrue(gauge("reservation_admission_rejections_total") >= 2);
    assertTrue(gauge("reservation_bookings_total{result=\"overloaded\"}") >= 1);
    assertTrue(gauge("reservation_bookings_total{result=\"unavailable\"}") >= 2);
  }

  private static double gauge(String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
            .matcher(node.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
