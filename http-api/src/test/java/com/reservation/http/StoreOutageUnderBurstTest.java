package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.BookingBurst;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.PostgresProcesses;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

  @Test
  void aFrozenThenRestartedStoreNeverConfirmsFalselyAndTheNodeBooksAgainAlone() throws Exception {
    String venue = node.newVenue("outage-burst");
    LocalDate day = node.schedule(venue, 0, 5_000);
    List<String> slots =
        List.of(TestNode.slotId(venue, day, "0900"), TestNode.slotId(venue, day, "0930"));
    BookingBurst burst = BookingBurst.start(node, slots, CLIENTS, "burst-");
    try {
      Polling.until(
          Duration.ofSeconds(20), () -> burst.count(201) >= 20, "bookings before the outage");

      PostgresProcesses.pause(dataDir);
      long frozenUntil = burst.elapsedMs() + 10_000; // frozen mid-burst for 10 s
      Polling.until(
          Duration.ofSeconds(30),
          () -> burst.elapsedMs() >= frozenUntil,
          "ten seconds of frozen store");
      PostgresProcesses.resume(dataDir);
      PostgresProcesses.kill(dataDir);
      PostgresProcesses.restart(dataDir);
      long backAtMs = burst.elapsedMs();

      long bookedAgain =
          burst.bookedAgainAfter(
              backAtMs, Duration.ofSeconds(20), "a booking after the database came back");
      assertTrue(
          bookedAgain <= 5_000,
          () -> "booked again " + bookedAgain + " ms after the store came back");
      long until = burst.elapsedMs() + 2_000;
      Polling.until(
          Duration.ofSeconds(10), () -> burst.elapsedMs() > until, "two more seconds of burst");
    } finally {
      burst.close();
    }

    burst.assertEveryAnswerWithin(ANSWER_BOUND);

    // Every 201 is stored: its key answers the same booking. A 503 meant "unknown": its key tells
    // the outcome now.
    Map<String, Integer> confirmedPerSlot =
        burst.settleAndAgree(venue, day, slots, Duration.ofSeconds(10));
    long stored =
        NodeDatabase.count(
            dataDir,
            "SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Slot|" + venue + "%'");
    assertTrue(
        stored > 0
            && stored <= confirmedPerSlot.values().stream().mapToInt(Integer::intValue).sum() + 2);
  }
}
