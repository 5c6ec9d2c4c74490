package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.rules.SlotFact;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The ledger booking, cancelling and looking bookings up: every outcome and rejection, and what
 * each writes.
 */
class SlotLedgerBookingTest extends SlotLedgerFixture {
  // ---- book
  // ------------------------------------------------------------------------------------------------------

  @Nested
  class Bookings {
    @Test
    void aBookingIsRecordedAndConfirmed() {
      define(10);

      var result = book("c1", 2, "k1");

      assertEquals(List.of(new SlotFact.Booked("b-1", "c1", 2, "k1", CONTACT, NOW)), facts(result));
      assertEquals(new BookingReply.Booking(confirmed("b-1", "c1", 2), true), result.reply());
      assertEquals(2, result.state().bookedSeats());
      assertEquals(view(10, 2, SlotStatus.OPEN), current(getSlot()).slot());
    }

    @Test
    void aBookingWithoutKeyOrContactIsFine() {
      define(10);

      var result =
          ledger.<BookingReply>runCommand(
              replyTo -> one(new Book("c1", 1, null, null, null, replyTo, null, null)));

      assertEquals(
          List.of(new SlotFact.Booked("b-1", "c1", 1, null, Map.of(), NOW)), facts(result));
      assertTrue(booking(result).changed());
    }

    @Test
    void aFullSlotRefusesWhatDoesNotFit() {
      define(3);
      book("c1", 2, "k1");

      var tooMany = book("c2", 2, "k2");
      assertRejected(tooMany, RejectionReason.SLOT_FULL);
      assertTrue(((Rejected) tooMany.reply()).message().contains("1 seat"));

      assertTrue(booking(book("c2", 1, "k2")).changed());
      assertRejected(book("c3", 1, "k3"), RejectionReason.SLOT_FULL);
      assertEquals(3, ledger.getState().bookedSeats());
    }

    @Test
    void aCustomerHoldsOneBookingPerSlot() {
      define(10);
      book("c1", 1, "k1");

      assertRejected(book("c1", 1, "k2"), RejectionReason.ALREADY_BOOKED);
      assertRejected(book("c1", 1, null), RejectionReason.ALREADY_BOOKED);
      assertEquals(1, ledger.getState().bookedSeats());
    }

    @Test
    void anAdminClosedSlotRefusesBookings() {
      define(10);
      changeStatus(SlotStatus.CLOSED);

      assertRejected(book("c1", 1, "k1"), RejectionReason.SLOT_CLOSED);

      changeStatus(SlotStatus.OPEN);
      assertTrue(booking(book("c1", 1, "k1")).changed());
    }

    @Test
    void aSlotWhoseStartHasPassedRefusesBookings() {
      define(10);
      book("c1", 1, "k1");

      clock.set(START_INSTANT); // the start itself is already too late
      assertRejected(book("c2", 1, "k2"), RejectionReason.SLOT_CLOSED);
      clock.set(START_INSTANT.plus(Duration.ofDays(1)));
      assertRejected(book("c3", 1, "k3"), RejectionReason.SLOT_CLOSED);

      assertEquals(SlotStatus.CLOSED, current(getSlot()).slot().status());
      // the earlier booking is still answered for its key
      var retry = book("c1", 1, "k1");
      assertEquals(new BookingReply.Booking(confirmed("b-1", "c1", 1), false), retry.reply());
      assertTrue(retry.hasNoEvents());
    }

    @Test
    void aSlotDefinedAfterItsStartIsClosedAtOnce() {
      clock.set(START_INSTANT.plusSeconds(1));

      assertEquals(SlotStatus.CLOSED, current(define(10)).slot().status());
      assertRejected(book("c1", 1, "k1"), RejectionReason.SLOT_CLOSED);
    }

    @Test
    void seatsAndCustomerMustBeValid() {
      define(20);

      assertRejected(book("c1", 0, "k1"), RejectionReason.INVALID_REQUEST);
      assertRejected(book("c1", 11, "k1"), RejectionReason.INVALID_REQUEST);
      assertRejected(book("c1", -1, "k1"), RejectionReason.INVALID_REQUEST);
      assertRejected(book("", 1, "k1"), RejectionReason.INVALID_REQUEST);
      assertRejected(book(null, 1, "k1"), RejectionReason.INVALID_REQUEST);
      assertTrue(booking(book("c1", 10, "k1")).changed(), "10 seats is the documented maximum");
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheSameBookingAndWritesNothing() {
      define(10);
      var first = book("c1", 2, "k1");
      int writes = journal.writes(persistenceId()).size();

      var retry = book("c1", 2, "k1");

      assertTrue(retry.hasNoEvents());
      assertEquals(new BookingReply.Booking(booking(first).booking(), false), retry.reply());
      assertEquals(2, retry.state().bookedSeats());
      assertEquals(writes, journal.writes(persistenceId()).size());
    }

    @Test
    void aRetryIsAnsweredEvenWhenTheSlotIsNowFullOrClosed() {
      define(2);
      book("c1", 2, "k1");
      changeStatus(SlotStatus.CLOSED);

      var retry = book("c1", 2, "k1");

      assertEquals(new BookingReply.Booking(confirmed("b-1", "c1", 2), false), retry.reply());
      assertTrue(retry.hasNoEvents());
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
      define(10);
      book("c1", 2, "k1");

      assertRejected(book("c1", 3, "k1"), RejectionReason.IDEMPOTENCY_KEY_REUSED);
      assertRejected(book("c2", 2, "k1"), RejectionReason.IDEMPOTENCY_KEY_REUSED);
      assertEquals(2, ledger.getState().bookedSeats());
    }

    @Test
    void aKeyWhoseRequestWasRejectedIsDecidedAfresh() {
      define(10);
      changeStatus(SlotStatus.CLOSED);
      assertRejected(book("c1", 1, "k1"), RejectionReason.SLOT_CLOSED);
      changeStatus(SlotStatus.OPEN);

      assertEquals(
          List.of(new SlotFact.Booked("b-1", "c1", 1, "k1", CONTACT, NOW)),
          facts(book("c1", 1, "k1")));
    }

    @Test
    void aRetryOfACancelledBookingReturnsTheCancelledBooking() {
      define(10);
      book("c1", 2, "k1");
      clock.advance(Duration.ofMinutes(5));
      cancel("b-1");

      var retry = book("c1", 2, "k1");

      assertTrue(retry.hasNoEvents());
      BookingView cancelled = booking(retry).booking();
      assertEquals(BookingStatus.CANCELLED, cancelled.status());
      assertEquals("b-1", cancelled.bookingId());
      assertEquals(NOW.plus(Duration.ofMinutes(5)), cancelled.cancelledAt());
      assertFalse(booking(retry).changed());
      assertEquals(0, retry.state().bookedSeats());
    }

    @Test
    void aCustomerMayBookAgainAfterCancelling() {
      define(2);
      book("c1", 2, "k1");
      cancel("b-1");

      var again = book("c1", 2, "k2");

      assertEquals(List.of(new SlotFact.Booked("b-2", "c1", 2, "k2", CONTACT, NOW)), facts(again));
      assertEquals(new BookingReply.Booking(confirmed("b-2", "c1", 2), true), again.reply());
      assertEquals(2, again.state().bookedSeats());
      assertRejected(book("c1", 1, "k3"), RejectionReason.ALREADY_BOOKED);
    }
  }

  // ---- cancel and get booking
  // ------------------------------------------------------------------------------------

  @Nested
  class Cancelling {
    @Test
    void aCancelFreesTheSeats() {
      define(10);
      book("c1", 3, "k1");
      clock.advance(Duration.ofMinutes(1));
      Instant cancelledAt = clock.instant();

      var result = cancel("b-1");

      assertEquals(List.of(new SlotFact.Cancelled("b-1", 3, cancelledAt)), facts(result));
      // A cancelled booking keeps no contact data (issue 9: a slot keeps personal data only while
      // it needs it).
      BookingView expected =
          new BookingView(
              "b-1", slotId, "c1", 3, BookingStatus.CANCELLED, NOW, cancelledAt, Map.of());
      assertEquals(new BookingReply.Booking(expected, true), result.reply());
      assertEquals(0, result.state().bookedSeats());
      assertEquals(view(10, 0, SlotStatus.OPEN), current(getSlot()).slot());
    }

    @Test
    void aRepeatedCancelAnswersTheSameCancelledBooking() {
      define(10);
      book("c1", 3, "k1");
      var first = cancel("b-1");
      clock.advance(Duration.ofMinutes(1));

      var repeat = cancel("b-1");

      assertTrue(repeat.hasNoEvents());
      assertEquals(new BookingReply.Booking(booking(first).booking(), false), repeat.reply());
    }

    @Test
    void anUnknownBookingCannotBeCancelled() {
      define(10);

      assertRejected(cancel("nope"), RejectionReason.UNKNOWN_BOOKING);
    }

    @Test
    void getBookingAnswersConfirmedAndCancelledBookings() {
      define(10);
      book("c1", 1, "k1");

      var found = getBooking("b-1");
      assertTrue(found.hasNoEvents());
      assertEquals(new BookingReply.Booking(confirmed("b-1", "c1", 1), false), found.reply());

      cancel("b-1");
      assertEquals(BookingStatus.CANCELLED, booking(getBooking("b-1")).booking().status());
      assertRejected(getBooking("b-2"), RejectionReason.UNKNOWN_BOOKING);
    }

    @Test
    void cancelledSeatsCanBeBookedByOthers() {
      define(2);
      book("c1", 2, "k1");
      assertRejected(book("c2", 1, "k2"), RejectionReason.SLOT_FULL);

      cancel("b-1");

      assertTrue(booking(book("c2", 2, "k2")).changed());
    }
  }
}
