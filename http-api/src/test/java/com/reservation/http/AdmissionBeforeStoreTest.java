package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission comes before any database work, and the JDBC executor's queue is bounded: a full one
 * answers 503 {@code overloaded} at once, not a request that waits in an ever longer queue.
 */
class AdmissionBeforeStoreTest {
  @TempDir Path dataDir;

  /**
   * With no room at all, a slot of a venue nobody ever looked up is refused before its venue is
   * looked up.
   */
  @Test
  void anUnknownVenueCostsNoLookupBeforeAdmission() {
    try (TestNode node = TestNode.start(dataDir, Map.of("reservation.http.max-in-flight", 0))) {
      for (String path :
          List.of(
              "/slots/never-looked-up_20300101_0900",
              "/slots/never-looked-up_20300101_0900/bookings/b-1")) {
        Response response = node.get(path);
        assertEquals(503, response.status(), response.toString());
        assertEquals("overloaded", response.problem(), response.toString());
      }
      Response booking =
          node.send(
              node.bookingRequest(
                  "never-looked-up_20300101_0900", "{\"customerId\":\"c-1\"}", null));
      assertEquals(503, booking.status(), booking.toString());
    }
  }

  /**
   * The store is made slow (the venue table locked by the test): the venue writes that fit the
   * executor's bound wait, the rest are answered 503 overloaded at once; once the lock is gone the
   * waiting ones complete.
   */
  @Test
  void aFullJdbcQueueAnswersOverloaded() throws Exception {
    try (TestNode node = TestNode.start(dataDir, Map.of("reservation.jdbc-max-queued", 4))) {
      List<CompletableFuture<Response>> answers = new ArrayList<>();
      try (Connection lock = NodeDatabase.connect(dataDir)) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE venue IN ACCESS EXCLUSIVE MODE");
        }
        for (int i = 0; i < 12; i++) {
          HttpRequest put =
              node.request("/admin/venues/queue-" + i)
                  .header("Authorization", "Bearer " + ApiClient.TOKEN)
                  .header("Content-Type", "application/json")
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"Queue " + i + "\",\"timeZone\":\"UTC\"}"))
                  .build();
          answers.add(node.sendAsync(put));
        }
        Polling.until(
            Duration.ofSeconds(20),
            // Every request beyond the bound, not just the first: one still on its way when the
            // lock is released
            // would find room and be created.
            () ->
                answers.stream().filter(a -> a.isDone() && a.join().status() == 503).count()
                    >= answers.size() - 4,
            "the requests beyond the bound to be refused while the store is stuck");
        lock.rollback();
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      int created = 0, overloaded = 0;
      for (CompletableFuture<Response> answer : answers) {
        Response response = answer.join();
        if (response.status() == 201) {
          created++;
        } else {
          assertEquals(503, response.status(), response.toString());
          assertEquals("overloaded", response.problem(), response.toString());
          assertNotNull(response.header("Retry-After"), response.toString());
          overloaded++;
        }
      }
      assertTrue(
          overloaded >= 1 && created >= 1, created + " created, " + overloaded + " overloaded");
      assertTrue(created <= 4, "at most the bound waited for the store: " + created);
      // And the node serves normally afterwards.
      assertEquals(
          201,
          node.admin(
                  "PUT", "/admin/venues/queue-after", "{\"name\":\"After\",\"timeZone\":\"UTC\"}")
              .status());
    }
  }
}
