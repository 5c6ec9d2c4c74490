package com.reservation.http.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopping node drains: its readiness answers 503 from the moment it begins to stop, while it
 * goes on serving bookings for {@code reservation.shutdown.drain}, so a load balancer that follows
 * readiness moves clients away before connections close.
 */
class DrainTest {
  @TempDir Path dataDir;

  @Test
  void aStoppingNodeIsNotReadyButServesOnForItsDrain() {
    TestNode node = TestNode.start(dataDir, Map.of("reservation.shutdown.drain", "8s"));
    CompletableFuture<?> stopped = null;
    try {
      String venue = node.newVenue("drain");
      LocalDate day = node.schedule(venue, 0, 10);
      assertEquals(200, node.get("/health/ready").status());

      stopped = node.node().stop().toCompletableFuture();
      Polling.until(
          Duration.ofSeconds(3),
          () -> node.get("/health/ready").status() == 503,
          "readiness to answer 503 once the node stops");
      Response ready = node.get("/health/ready");
      assertEquals(503, ready.status());
      assertFalse(stopped.isDone(), "still draining");
      // Draining: a booking is still served.
      Response booked = node.book(TestNode.slotId(venue, day), "late-customer");
      assertEquals(201, booked.status(), booked.toString());
      assertFalse(stopped.isDone(), "still draining after the booking");
    } finally {
      if (stopped == null) node.close();
      else stopped.orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    }
  }
}
