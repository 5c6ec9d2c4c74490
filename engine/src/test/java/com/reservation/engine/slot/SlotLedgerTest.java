package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.japi.Pair;
import akka.persistence.testkit.SnapshotMeta;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import akka.persistence.testkit.javadsl.SnapshotTestKit;
import com.reservation.engine.slot.SlotCommand.Batch;
import com.reservation.engine.slot.SlotCommand.Book;
import com.reservation.engine.slot.SlotCommand.Cancel;
import com.reservation.engine.slot.SlotCommand.DefineSlot;
import com.reservation.engine.slot.SlotCommand.GetBooking;
import com.reservation.engine.slot.SlotCommand.GetSlot;
import com.reservation.engine.testing.ControllableJournal;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestClock;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The event-sourced ledger on its own: every command, event and rejection, and recovery from events and snapshots. */
class SlotLedgerTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  /** 09:20 in Asia/Kuala_Lumpur (+08:00). */
  private static final Instant START_INSTANT = Instant.parse("2026-12-01T01:20:00Z");
  private static final Map<String, String> CONTACT = Map.of("name", "Fadhil", "phone", "0123456789");

  /**
   * Events and replies must round-trip. A {@link Batch} only ever passes from the entity to its own child on one node
   * and is never serialized (the requests in it are, see SlotSerializationTest); the state has its own snapshot form.
   */
  private static final EventSourcedBehaviorTestKit.SerializationSettings SERIALIZATION =
      EventSourcedBehaviorTestKit.enabledSerializationSettings()
          .withVerifyEquality(true)
          .withVerifyState(false)
          .withVerifyCommands(false);

  private static final AtomicInteger SLOT_NUMBERS = new AtomicInteger();
  private static ActorTestKit testKit;

  private String slotId;
  private TestClock clock;
  private ControllableJournal journal;
  private TestProbe<SlotCommand> front;
  private EventSourcedBehaviorTestKit<SlotCommand, SlotEvent, SlotState> ledger;

  @BeforeAll
  static void startTestKit() {
    testKit = ActorTestKit.create("SlotLedgerTest", TestConfigs.eventSourcedBehaviorTestKit());
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newLedger() {
    slotId = "v" + SLOT_NUMBERS.incrementAndGet() + "_20261201_0920";
    clock = new TestClock(NOW);
    useLedger(SlotSettings.defaults());
  }

  @AfterEach
  void resetJournal() {
    ledger.persistenceTestKit().resetPolicy();
  }

  private void useLedger(SlotSettings settings) {
    journal = new ControllableJournal();
    useLedger(settings, journal);
  }

  private void useLedger(SlotSettings settings, ControllableJournal journal) {
    front = testKit.createTestProbe();
    SnapshotTestKit snapshotStore = SnapshotTestKit.create(testKit.system());
    // The ledger writes its snapshots through SlotSnapshots; here they go to the testkit's store that recovery reads.
    SlotSnapshots snapshots =
        (id, sequenceNr, state) ->
            snapshotStore.persistForRecovery(
                id.id(), List.of(Pair.create(SnapshotMeta.create(sequenceNr), state.toSnapshot())));
    ledger =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            SlotLedger.create(slotId, settings, clock, new SequentialIds(), front.ref(), snapshots),
            SERIALIZATION);
    ledger.persistenceTestKit().withPolicy(journal);
  }

  /** A batch of one request, as the front sends a request that arrived alone. */
  private static Batch one(SlotCommand.Request request) {
    return new Batch(List.of(request));
  }

  /** The facts a command wrote: one event per write, whatever the facts in it. */
  private static List<SlotFact> facts(CommandResult<SlotCommand, SlotEvent, SlotState> result) {
    assertTrue(result.events().size() <= 1, () -> "one event per write, not " + result.events());
    return result.events().stream().flatMap(e -> e.facts().stream()).toList();
  }

  private String persistenceId() {
    return SlotLedger.persistenceId(slotId).id();
  }

  // ---- fixtures --------------------------------------------------------------------------------------------------

  private SlotDefinition definition(int capacity) {
    return new SlotDefinition(slotId, slotId.substring(0, slotId.indexOf('_')), START, START.plusMinutes(10), START_INSTANT, capacity);
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, SlotReply> define(SlotDefinition definition) {
    return ledger.<SlotReply>runCommand(replyTo -> one(new DefineSlot(definition, replyTo)));
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, SlotReply> define(int capacity) {
    return define(definition(capacity));
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, BookingReply> book(
      String customerId, int seats, String key) {
    return ledger.<BookingReply>runCommand(replyTo -> one(new Book(customerId, seats, key, CONTACT, replyTo)));
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, BookingReply> cancel(String bookingId) {
    return ledger.<BookingReply>runCommand(replyTo -> one(new Cancel(bookingId, replyTo)));
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, BookingReply> getBooking(String bookingId) {
    return ledger.<BookingReply>runCommand(replyTo -> one(new GetBooking(bookingId, replyTo)));
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, SlotReply> getSlot() {
    return ledger.<SlotReply>runCommand(replyTo -> one(new GetSlot(replyTo)));
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, SlotReply> changeCapacity(int capacity) {
    return ledger.<SlotReply>runCommand(replyTo -> one(SlotCommand.ChangeSlot.capacity(capacity, replyTo)));
  }

  private CommandResultWithReply<SlotCommand, SlotEvent, SlotState, SlotReply> changeStatus(SlotStatus status) {
    return ledger.<SlotReply>runCommand(replyTo -> one(SlotCommand.ChangeSlot.status(status, replyTo)));
  }

  private BookingView confirmed(String bookingId, String customerId, int seats) {
    return new BookingView(bookingId, slotId, customerId, seats, BookingStatus.CONFIRMED, NOW, null, CONTACT);
  }

  private SlotView view(int capacity, int booked, SlotStatus status) {
    return new SlotView(
        slotId, definition(capacity).venueId(), START, START_INSTANT, START.plusMinutes(10), capacity, booked,
        capacity - booked, status);
  }

  private static SlotReply.Current current(CommandResultWithReply<?, ?, ?, SlotReply> result) {
    return assertInstanceOf(SlotReply.Current.class, result.reply());
  }

  private static BookingReply.Booking booking(CommandResultWithReply<?, ?, ?, BookingReply> result) {
    return assertInstanceOf(BookingReply.Booking.class, result.reply());
  }

  /** A rejection with the given reason that wrote nothing. */
  private void assertRejected(CommandResultWithReply<SlotCommand, SlotEvent, SlotState, ?> result, RejectionReason reason) {
    Rejected rejected = assertInstanceOf(Rejected.class, result.reply(), () -> "reply to " + result.command());
    assertEquals(reason, rejected.reason(), rejected.message());
    assertFalse(rejected.message().isBlank(), "a rejection explains itself");
    assertTrue(result.hasNoEvents(), () -> "a rejection writes no event, but wrote " + facts(result));
  }

  // ---- define ----------------------------------------------------------------------------------------------------

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
          new SlotDefinition(slotId, definition(100).venueId(), START, START.plusMinutes(20), START_INSTANT, 100);
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

  // ---- capacity and status ---------------------------------------------------------------------------------------

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

      var refused = ledger.<SlotReply>runCommand(replyTo -> one(new SlotCommand.ChangeSlot(5, SlotStatus.CLOSED, replyTo)));
      assertRejected(refused, RejectionReason.CAPACITY_BELOW_BOOKED);
      assertFalse(ledger.getState().adminClosed(), "the status did not change either");

      var both = ledger.<SlotReply>runCommand(replyTo -> one(new SlotCommand.ChangeSlot(8, SlotStatus.CLOSED, replyTo)));
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

  // ---- book ------------------------------------------------------------------------------------------------------

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

      var result = ledger.<BookingReply>runCommand(replyTo -> one(new Book("c1", 1, null, null, replyTo)));

      assertEquals(List.of(new SlotFact.Booked("b-1", "c1", 1, null, Map.of(), NOW)), facts(result));
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

      assertEquals(List.of(new SlotFact.Booked("b-1", "c1", 1, "k1", CONTACT, NOW)), facts(book("c1", 1, "k1")));
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

  // ---- cancel and get booking ------------------------------------------------------------------------------------

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
      // A cancelled booking keeps no contact data (issue 9: a slot keeps personal data only while it needs it).
      BookingView expected =
          new BookingView("b-1", slotId, "c1", 3, BookingStatus.CANCELLED, NOW, cancelledAt, Map.of());
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

  // ---- rejections cost no write ----------------------------------------------------------------------------------

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
    assertEquals(events + 1, ledger.persistenceTestKit().persistedInStorage(persistenceId()).size());
  }

  // ---- batches ---------------------------------------------------------------------------------------------------

  @Nested
  class Batches {

    private <R> TestProbe<R> probe() {
      return testKit.createTestProbe();
    }

    private Book bookBy(String customerId, String key, ActorRef<BookingReply> replyTo) {
      return new Book(customerId, 1, key, Map.of(), replyTo);
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

      CommandResult<SlotCommand, SlotEvent, SlotState> result =
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

      BookingView b1 = new BookingView("b-1", slotId, "c1", 1, BookingStatus.CONFIRMED, NOW, null, Map.of());
      assertEquals(new BookingReply.Booking(b1, true), first.receiveMessage());
      assertTrue(assertInstanceOf(BookingReply.Booking.class, second.receiveMessage()).changed());
      assertEquals(RejectionReason.ALREADY_BOOKED, assertInstanceOf(Rejected.class, duplicateCustomer.receiveMessage()).reason());
      assertEquals(new BookingReply.Booking(b1, false), retryInSameBatch.receiveMessage());
      assertEquals("c3", assertInstanceOf(BookingReply.Booking.class, third.receiveMessage()).booking().customerId());
      assertEquals(RejectionReason.SLOT_FULL, assertInstanceOf(Rejected.class, overCapacity.receiveMessage()).reason());
      // a read in the batch sees the decisions before it
      assertEquals(new SlotReply.Current(view(3, 3, SlotStatus.OPEN), false), slot.receiveMessage());
    }

    @Test
    void aBatchThatCrossesTheSnapshotIntervalStillSnapshots() {
      // group commit writes many events at once: the interval must be crossed, not hit exactly
      useLedger(SlotSettings.defaults().withSnapshotEvery(3), journal);
      define(10); // seq 1
      List<SlotCommand.Request> books = new ArrayList<>();
      for (int i = 1; i <= 4; i++) books.add(bookBy("c" + i, "k" + i, this.<BookingReply>probe().ref()));

      SlotState afterBatch = ledger.runCommand(new Batch(books)).state(); // seq 2: one event for the whole batch

      SnapshotTestKit snapshots = ledger.snapshotTestKit().orElseThrow();
      Pair<SnapshotMeta, Object> latest =
          probe()
              .awaitAssert(
                  Duration.ofSeconds(3),
                  () -> {
                    List<Pair<SnapshotMeta, Object>> stored = snapshots.persistedInStorage(persistenceId());
                    assertFalse(stored.isEmpty(), "a snapshot was taken");
                    return stored.get(stored.size() - 1);
                  });
      assertEquals(2L, latest.first().sequenceNr());
      assertEquals(afterBatch.toSnapshot(), latest.second());
    }

    @Test
    void aBatchOfRejectionsWritesNothingButAnswersEveryone() {
      define(1);
      book("c1", 1, "k1");
      TestProbe<BookingReply> full = probe();
      TestProbe<BookingReply> unknown = probe();
      int writesBefore = journal.writes(persistenceId()).size();

      CommandResult<SlotCommand, SlotEvent, SlotState> result =
          ledger.runCommand(
              new Batch(List.of(bookBy("c2", "k2", full.ref()), new Cancel("nope", unknown.ref()))));

      assertTrue(result.hasNoEvents());
      assertEquals(writesBefore, journal.writes(persistenceId()).size());
      assertEquals(RejectionReason.SLOT_FULL, assertInstanceOf(Rejected.class, full.receiveMessage()).reason());
      assertEquals(RejectionReason.UNKNOWN_BOOKING, assertInstanceOf(Rejected.class, unknown.receiveMessage()).reason());
    }
  }

  // ---- recovery --------------------------------------------------------------------------------------------------

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
    assertEquals(BookingStatus.CANCELLED, recovered.booking("b-2").orElseThrow().view(slotId).status());
    List<SlotFact> replayed = replayedSince(replaysBefore);
    assertEquals(8, replayed.size(), "without snapshots every event is replayed");
    // the recovered ledger keeps deciding with the recovered state
    assertEquals(new BookingReply.Booking(confirmed("b-1", "c1", 2), false), book("c1", 2, "k1").reply());
  }

  @Test
  void aRestartRecoversFromTheLatestSnapshotAndTheEventsAfterIt() {
    useLedger(SlotSettings.defaults().withSnapshotEvery(3));
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
              List<Pair<SnapshotMeta, Object>> stored = snapshots.persistedInStorage(persistenceId());
              assertEquals(6L, stored.get(stored.size() - 1).first().sequenceNr());
              return stored.get(stored.size() - 1);
            });
    assertEquals(atSix.toSnapshot(), latest.second(), "the snapshot is the compact SlotSnapshot form");
    int replaysBefore = journal.reads(persistenceId()).size();

    SlotState recovered = ledger.restart().state();

    assertEquals(before, recovered);
    assertEquals(
        List.of(new SlotFact.Cancelled("b-2", 1, NOW.plus(Duration.ofMinutes(3))), new SlotFact.CapacitySet(12)),
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
