package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.http.testing.BookingBurst;
import com.reservation.http.testing.PartitionProxy;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A booking burst while the network path to PostgreSQL silently drops everything for 12 s (a TCP
 * proxy inside the test that stops forwarding and tells nobody), then heals: every answer is a 201,
 * a 4xx or a 503 within the ask timeout; nothing stays stuck on a connection that will never answer
 * (the connection timeouts end every wait); the node books again within 5 s of the path healing,
 * without a restart; afterwards every 201 is stored and the read model agrees.
 *
 * <p>The timeouts are set short here (socket 4 s) so that the partition outlasts them twice in a
 * short test; the defaults (reference.conf) are longer and work the same way.
 */
class NetworkPartitionTest {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration ANSWER_BOUND = ASK_TIMEOUT.plusSeconds(2);

  @TempDir static Path databaseDir;
  @TempDir static Path nodeDir;
  static EmbeddedDatabase database;
  static PartitionProxy proxy;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    database = EmbeddedDatabase.start(databaseDir, 0);
    proxy = new PartitionProxy(database.port());
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("reservation.ask-timeout", ASK_TIMEOUT.toMillis() + "ms");
    overrides.put(
        "reservation.db.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
    overrides.put("reservation.db.user", database.user());
    overrides.put("reservation.db.password", database.password());
    overrides.put("reservation.db.timeouts.connect", "2s");
    overrides.put("reservation.db.timeouts.socket", "4s");
    overrides.put("reservation.db.timeouts.statement", "3s");
    node = TestNode.start(nodeDir, overrides);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
    if (proxy != null) proxy.close();
    if (database != null) database.close();
  }

  @Test
  void aSilentPartitionEndsInUnavailableAnswersAndTheNodeBooksAgainOnceItHeals() throws Exception {
    String venue = node.newVenue("partition");
    LocalDate day = node.schedule(venue, 0, 5_000);
    List<String> slots =
        List.of(TestNode.slotId(venue, day, "0900"), TestNode.slotId(venue, day, "0930"));
    long healedAtMs;
    BookingBurst burst = BookingBurst.start(node, slots, 6, "partition-");
    try {
      Polling.until(
          Duration.ofSeconds(20), () -> burst.count(201) >= 20, "bookings before the partition");

      proxy.partition();
      long partitionEnds = burst.elapsedMs() + 12_000;
      Polling.until(
          Duration.ofSeconds(30),
          () -> burst.elapsedMs() >= partitionEnds,
          "twelve seconds of partition");
      proxy.heal();
      healedAtMs = burst.elapsedMs();

      long bookedAgain =
          burst.bookedAgainAfter(
              healedAtMs, Duration.ofSeconds(20), "a booking after the path healed");
      assertTrue(
          bookedAgain <= 5_000, () -> "booked again " + bookedAgain + " ms after the path healed");
      long until = burst.elapsedMs() + 2_000;
      Polling.until(
          Duration.ofSeconds(10), () -> burst.elapsedMs() > until, "two more seconds of burst");
    } finally {
      burst.close();
    }

    burst.assertEveryAnswerWithin(ANSWER_BOUND);

    // Every 201 is stored; a 503 meant "unknown", and its key tells the outcome now.
    burst.settleAndAgree(venue, day, slots, Duration.ofSeconds(15));
    assertEquals(200, node.get("/health/ready").status(), "the node is ready again");
  }
}
