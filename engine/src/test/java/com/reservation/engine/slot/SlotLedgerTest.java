package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.rules.SlotFact;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ledger defining a slot and an admin changing it; no rejection ever reaches the journal. */
class SlotLedgerTest extends SlotLedgerFixture {
  // ---- define
  // ----------------------------------------------------------------------------------------------------

  @Nested
  class Define {
    @Test
    void aNewSlotIsDefinedOpenAndEmpty() {
      var result = define(100);

      assertEquals(List.of(new SlotFact.Defined(definition(100))), facts(result));
      assertEquals(new SlotReply.Current(view(100, 0, SlotStatus.OPEN), true), result.reply());
      assertEquals(definition(100), result.state().definition());
      assertEquals(100, result.state().capacity());
    }

    @Test
    void theSameDefinitionAgainChangesNothing() {
      define(100);

      var again = define(100);

      assertTrue(again.hasNoEvents());
      assertEquals(new SlotReply.Current(view(100, 0, SlotStatus.OPEN), false), again.reply());
    }

    @Test
    void anotherCapacityOrLengthConflicts() {
      define(100);

      assertRejected(define(120), RejectionReason.DEFINITION_CONFLICT);
      SlotDefinition longer =
          new SlotDefinition(
              slotId, definition(100).venueId(), START, START.plusMinutes(20), START_INSTANT, 100);
      assertRejected(define(longer), RejectionReason.DEFINITION_CONFLICT);
      assertEquals(definition(100), ledger.getState().definition());
    }

    @Test
    void anInvalidDefinitionIsRefused() {
      assertRejected(define(0), RejectionReason.INVALID_REQUEST);
      assertRejected(define(100_001), RejectionReason.INVALID_REQUEST);
      SlotDefinition endsAtStart = new SlotDefinition(slotId, "v", START, START, START_INSTANT, 10);
      assertRejected(define(endsAtStart), RejectionReason.INVALID_REQUEST);
      assertFalse(ledger.getState().isDefined());
    }

    @Test
    void everyOtherCommandOnAnUndefinedSlotIsUnknownSlot() {
      assertRejected(book("c1", 1, "k1"), RejectionReason.UNKNOWN_SLOT);
      assertRejected(getSlot(), RejectionReason.UNKNOWN_SLOT);
      assertRejected(cancel("b-1"), RejectionReason.UNKNOWN_SLOT);
      assertRejected(getBooking("b-1"), RejectionReason.UNKNOWN_SLOT);
      assertRejected(changeCapacity(10), RejectionReason.UNKNOWN_SLOT);
      assertRejected(changeStatus(SlotStatus.CLOSED), RejectionReason.UNKNOWN_SLOT);
      assertTrue(journal.writes(persistenceId()).isEmpty());
    }
  }

  // ---- capacity and status
  // ---------------------------------------------------------------------------------------

  @Nested
  class CapacityAndStatus {
    @Test
    void capacityChanges() {
      define(10);

      var raised = changeCapacity(15);

      assertEquals(List.of(new SlotFact.CapacitySet(15)), facts(raised));
      assertEquals(new SlotReply.Current(view(15, 0, SlotStatus.OPEN), true), raised.reply());
      var same = changeCapacity(15);
      assertTrue(same.hasNoEvents());
      assertFalse(current(same).changed());
    }

    @Test
    void capacityCannotGoBelowTheSeatsBooked() {
      define(10);
      book("c1", 3, "k1");
      book("c2", 3, "k2");

      assertRejected(changeCapacity(5), RejectionReason.CAPACITY_BELOW_BOOKED);
      var exactlyBooked = changeCapacity(6);
      assertEquals(List.of(new SlotFact.CapacitySet(6)), facts(exactlyBooked));
      assertEquals(view(6, 6, SlotStatus.OPEN), current(exactlyBooked).slot());
    }

    @Test
    void invalidCapacitiesAreRefused() {
      define(10);

      assertRejected(changeCapacity(0), RejectionReason.INVALID_REQUEST);
      assertRejected(changeCapacity(-3), RejectionReason.INVALID_REQUEST);
      assertRejected(changeCapacity(100_001), RejectionReason.INVALID_REQUEST);
      assertEquals(10, ledger.getState().capacity());
    }

    @Test
    void closeAndOpen() {
      define(10);

      var closed = changeStatus(SlotStatus.CLOSED);
      assertEquals(List.of(new SlotFact.ClosedSet(true)), facts(closed));
      assertEquals(new SlotReply.Current(view(10, 0, SlotStatus.CLOSED), true), closed.reply());

      var closedAgain = changeStatus(SlotStatus.CLOSED);
      assertTrue(closedAgain.hasNoEvents());
      assertFalse(current(closedAgain).changed());

      var opened = changeStatus(SlotStatus.OPEN);
      assertEquals(List.of(new SlotFact.ClosedSet(false)), facts(opened));
      assertEquals(new SlotReply.Current(view(10, 0, SlotStatus.OPEN), true), opened.reply());
      assertTrue(changeStatus(SlotStatus.OPEN).hasNoEvents());
    }

    @Test
    void capacityAndStatusChangeTogetherOrNotAtAll() {
      define(10);
      book("c1", 6, "k1");

      var refused =
          ledger.<SlotReply>runCommand(
              replyTo -> one(new SlotCommand.ChangeSlot(5, SlotStatus.CLOSED, replyTo)));
      assertRejected(refused, RejectionReason.CAPACITY_BELOW_BOOKED);
      assertFalse(ledger.getState().adminClosed(), "the status did not change either");

      var both =
          ledger.<SlotReply>runCommand(
              replyTo -> one(new SlotCommand.ChangeSlot(8, SlotStatus.CLOSED, replyTo)));
      assertEquals(List.of(new SlotFact.CapacitySet(8), new SlotFact.ClosedSet(true)), facts(both));
      assertEquals(new SlotReply.Current(view(8, 6, SlotStatus.CLOSED), true), both.reply());
    }

    @Test
    void getSlotAnswersTheCurrentViewWithoutWriting() {
      define(10);
      book("c1", 4, "k1");

      var result = getSlot();

      assertTrue(result.hasNoEvents());
      assertEquals(new SlotReply.Current(view(10, 4, SlotStatus.OPEN), false), result.reply());
    }
  }

  // ---- rejections cost no write
  // ----------------------------------------------------------------------------------

  @Test
  void noRejectionEverReachesTheJournal() {
    define(2);
    book("c1", 2, "k1");
    changeStatus(SlotStatus.CLOSED);
    changeStatus(SlotStatus.OPEN);
    int writes = journal.writes(persistenceId()).size();
    long events = ledger.persistenceTestKit().persistedInStorage(persistenceId()).size();

    assertRejected(book("c2", 1, "k2"), RejectionReason.SLOT_FULL);
    assertRejected(book("c1", 1, "k3"), RejectionReason.ALREADY_BOOKED);
    assertRejected(book("c1", 1, "k1"), RejectionReason.IDEMPOTENCY_KEY_REUSED);
    assertRejected(book("c3", 0, "k4"), RejectionReason.INVALID_REQUEST);
    assertRejected(cancel("nope"), RejectionReason.UNKNOWN_BOOKING);
    assertRejected(changeCapacity(1), RejectionReason.CAPACITY_BELOW_BOOKED);
    assertRejected(define(3), RejectionReason.DEFINITION_CONFLICT);
    changeStatus(SlotStatus.CLOSED);
    int writesWithClose = journal.writes(persistenceId()).size();
    assertRejected(book("c4", 1, "k5"), RejectionReason.SLOT_CLOSED);

    assertEquals(writes + 1, writesWithClose, "only the close was written");
    assertEquals(writesWithClose, journal.writes(persistenceId()).size());
    assertEquals(
        events + 1, ledger.persistenceTestKit().persistedInStorage(persistenceId()).size());
  }
}
