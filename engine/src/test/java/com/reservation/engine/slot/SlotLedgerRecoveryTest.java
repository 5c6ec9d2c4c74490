package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.japi.Pair;
import akka.persistence.testkit.SnapshotMeta;
import akka.persistence.testkit.javadsl.SnapshotTestKit;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.testing.ControllableJournal;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger recovering after a restart: from its events alone, and from the latest snapshot and
 * the events after it.
 */
class SlotLedgerRecoveryTest extends SlotLedgerFixture {
  // ---- recovery
  // --------------------------------------------------------------------------------------------------

  private void someHistory() {
    define(10);
    book("c1", 2, "k1");
    book("c2", 1, null);
    book("c3", 3, "k3");
    clock.advance(Duration.ofMinutes(3));
    cancel("b-2");
    book("c4", 1, "k4");
    changeCapacity(12);
    changeStatus(SlotStatus.CLOSED);
  }

  @Test
  void aRestartRecoversTheSameState() {
    someHistory();
    SlotState before = ledger.getState();
    int replaysBefore = journal.reads(persistenceId()).size();

    SlotState recovered = ledger.restart().state();

    assertEquals(before, recovered);
    assertEquals(6, recovered.bookedSeats());
    assertTrue(recovered.adminClosed());
    assertEquals(12, recovered.capacity());
    assertEquals(
        BookingStatus.CANCELLED, recovered.booking("b-2").orElseThrow().view(slotId).status());
    List<SlotFact> replayed = replayedSince(replaysBefore);
    assertEquals(8, replayed.size(), "without snapshots every event is replayed");
    // the recovered ledger keeps deciding with the recovered state
    assertEquals(
        new BookingReply.Booking(confirmed("b-1", "c1", 2), false), book("c1", 2, "k1").reply());
  }

  @Test
  void aRestartRecoversFromTheLatestSnapshotAndTheEventsAfterIt() {
    useLedger(TestConfigs.slotSettings("snapshot-every = 3"));
    define(10); // 1
    book("c1", 2, "k1"); // 2
    book("c2", 1, null); // 3: snapshot
    book("c3", 3, "k3"); // 4
    book("c4", 1, "k4"); // 5
    SlotState atSix = book("c5", 1, "k5").state(); // 6: snapshot
    clock.advance(Duration.ofMinutes(3));
    cancel("b-2"); // 7
    changeCapacity(12); // 8
    SlotState before = ledger.getState();

    SnapshotTestKit snapshots = ledger.snapshotTestKit().orElseThrow();
    TestProbe<Object> waiter = testKit.createTestProbe();
    Pair<SnapshotMeta, Object> latest =
        waiter.awaitAssert(
            Duration.ofSeconds(3),
            () -> {
              List<Pair<SnapshotMeta, Object>> stored =
                  snapshots.persistedInStorage(persistenceId());
              assertEquals(6L, stored.get(stored.size() - 1).first().sequenceNr());
              return stored.get(stored.size() - 1);
            });
    assertEquals(
        SlotSnapshot.of(atSix), latest.second(), "the snapshot is the compact SlotSnapshot form");
    int replaysBefore = journal.reads(persistenceId()).size();

    SlotState recovered = ledger.restart().state();

    assertEquals(before, recovered);
    assertEquals(
        List.of(
            new SlotFact.Cancelled("b-2", 1, NOW.plus(Duration.ofMinutes(3))),
            new SlotFact.CapacitySet(12)),
        replayedSince(replaysBefore),
        "only the events after the snapshot are replayed");
    assertNull(recovered.booking("b-1").orElseThrow().cancelledAt());
    assertRejected(book("c1", 1, "k9"), RejectionReason.ALREADY_BOOKED);
  }

  private List<SlotFact> replayedSince(int replaysBefore) {
    List<ControllableJournal.Read> reads = journal.reads(persistenceId());
    return reads.subList(replaysBefore, reads.size()).stream()
        .flatMap(r -> r.events().stream())
        .flatMap(e -> ((SlotEvent) e).facts().stream())
        .toList();
  }
}
