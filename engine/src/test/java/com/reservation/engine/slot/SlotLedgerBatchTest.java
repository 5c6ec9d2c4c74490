package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.japi.Pair;
import akka.persistence.testkit.SnapshotMeta;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import akka.persistence.testkit.javadsl.SnapshotTestKit;
import com.reservation.engine.slot.LedgerProtocol.Batch;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.Cancel;
import com.reservation.engine.slot.api.SlotCommand.GetSlot;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.testing.ControllableJournal;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ledger deciding a batch of commands in order and writing its facts as one event. */
class SlotLedgerBatchTest extends SlotLedgerFixture {
  // ---- batches
  // ---------------------------------------------------------------------------------------------------

  @Nested
  class Batches {

    private <R> TestProbe<R> probe() {
      return testKit.createTestProbe();
    }

    private Book bookBy(String customerId, String key, ActorRef<BookingReply> replyTo) {
      return new Book(customerId, 1, key, Map.of(), null, replyTo, null, null);
    }

    @Test
    void aBatchIsDecidedInOrderWrittenOnceAndEveryCallerAnswered() {
      define(3);
      TestProbe<BookingReply> first = probe();
      TestProbe<BookingReply> second = probe();
      TestProbe<BookingReply> duplicateCustomer = probe();
      TestProbe<BookingReply> retryInSameBatch = probe();
      TestProbe<BookingReply> third = probe();
      TestProbe<BookingReply> overCapacity = probe();
      TestProbe<SlotReply> slot = probe();
      int writesBefore = journal.writes(persistenceId()).size();

      CommandResult<LedgerProtocol.ToLedger, SlotEvent, SlotState> result =
          ledger.runCommand(
              new Batch(
                  List.of(
                      bookBy("c1", "k1", first.ref()),
                      bookBy("c2", "k2", second.ref()),
                      bookBy("c1", "k9", duplicateCustomer.ref()),
                      bookBy("c1", "k1", retryInSameBatch.ref()),
                      bookBy("c3", null, third.ref()),
                      bookBy("c4", "k4", overCapacity.ref()),
                      new GetSlot(slot.ref()))));

      assertEquals(
          List.of(
              new SlotFact.Booked("b-1", "c1", 1, "k1", Map.of(), NOW),
              new SlotFact.Booked("b-2", "c2", 1, "k2", Map.of(), NOW),
              new SlotFact.Booked("b-3", "c3", 1, null, Map.of(), NOW)),
          facts(result));
      List<ControllableJournal.Write> writes = journal.writes(persistenceId());
      assertEquals(writesBefore + 1, writes.size(), "one persist for the whole batch");
      assertEquals(result.events(), writes.get(writes.size() - 1).events());
      assertEquals(
          new SlotCounts(3, 3, false),
          assertInstanceOf(SlotEvent.Recorded.class, result.events().get(0)).counts(),
          "the event carries the counts after the batch, for the read model");

      BookingView b1 =
          new BookingView("b-1", slotId, "c1", 1, BookingStatus.CONFIRMED, NOW, null, Map.of());
      assertEquals(new BookingReply.Booking(b1, true), first.receiveMessage());
      assertTrue(assertInstanceOf(BookingReply.Booking.class, second.receiveMessage()).changed());
      assertEquals(
          RejectionReason.ALREADY_BOOKED,
          assertInstanceOf(Rejected.class, duplicateCustomer.receiveMessage()).reason());
      assertEquals(new BookingReply.Booking(b1, false), retryInSameBatch.receiveMessage());
      assertEquals(
          "c3",
          assertInstanceOf(BookingReply.Booking.class, third.receiveMessage())
              .booking()
              .customerId());
      assertEquals(
          RejectionReason.SLOT_FULL,
          assertInstanceOf(Rejected.class, overCapacity.receiveMessage()).reason());
      // a read in the batch sees the decisions before it
      assertEquals(
          new SlotReply.Current(view(3, 3, SlotStatus.OPEN), false), slot.receiveMessage());
    }

    @Test
    void aBatchThatCrossesTheSnapshotIntervalStillSnapshots() {
      // group commit writes many events at once: the interval must be crossed, not hit exactly
      useLedger(TestConfigs.slotSettings("snapshot-every = 3"), journal);
      define(10); // seq 1
      List<SlotCommand.Request> books = new ArrayList<>();
      for (int i = 1; i <= 4; i++)
        books.add(bookBy("c" + i, "k" + i, this.<BookingReply>probe().ref()));

      SlotState afterBatch =
          ledger.runCommand(new Batch(books)).state(); // seq 2: one event for the whole batch

      SnapshotTestKit snapshots = ledger.snapshotTestKit().orElseThrow();
      Pair<SnapshotMeta, Object> latest =
          probe()
              .awaitAssert(
                  Duration.ofSeconds(3),
                  () -> {
                    List<Pair<SnapshotMeta, Object>> stored =
                        snapshots.persistedInStorage(persistenceId());
                    assertFalse(stored.isEmpty(), "a snapshot was taken");
                    return stored.get(stored.size() - 1);
                  });
      assertEquals(2L, latest.first().sequenceNr());
      assertEquals(SlotSnapshot.of(afterBatch), latest.second());
    }

    @Test
    void aBatchOfRejectionsWritesNothingButAnswersEveryone() {
      define(1);
      book("c1", 1, "k1");
      TestProbe<BookingReply> full = probe();
      TestProbe<BookingReply> unknown = probe();
      int writesBefore = journal.writes(persistenceId()).size();

      CommandResult<LedgerProtocol.ToLedger, SlotEvent, SlotState> result =
          ledger.runCommand(
              new Batch(
                  List.of(
                      bookBy("c2", "k2", full.ref()), new Cancel("nope", unknown.ref(), null))));

      assertTrue(result.hasNoEvents());
      assertEquals(writesBefore, journal.writes(persistenceId()).size());
      assertEquals(
          RejectionReason.SLOT_FULL,
          assertInstanceOf(Rejected.class, full.receiveMessage()).reason());
      assertEquals(
          RejectionReason.UNKNOWN_BOOKING,
          assertInstanceOf(Rejected.class, unknown.receiveMessage()).reason());
    }
  }
}
