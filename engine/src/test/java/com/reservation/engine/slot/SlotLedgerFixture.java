package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.japi.Pair;
import akka.persistence.testkit.SnapshotMeta;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
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
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.GetBooking;
import com.reservation.engine.slot.api.SlotCommand.GetSlot;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.slot.storage.SlotSnapshots;
import com.reservation.engine.testing.ControllableJournal;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestClock;
import com.reservation.engine.testing.TestConfigs;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every ledger test shares: a fresh ledger per test over the testkit's in-memory journal
 * (wrapped in a {@link ControllableJournal} that counts writes and replays) and snapshot store, a
 * test clock, and the commands as one-request batches, the way the front sends a request that
 * arrived alone.
 */
abstract class SlotLedgerFixture {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");

  /** 09:20 in Asia/Kuala_Lumpur (+08:00). */
  static final Instant START_INSTANT = Instant.parse("2026-12-01T01:20:00Z");

  static final Map<String, String> CONTACT = Map.of("name", "Fadhil", "phone", "0123456789");

  /**
   * Events and replies must round-trip. A {@link Batch} only ever passes from the entity to its own
   * child on one node and is never serialized (the requests in it are, see SlotSerializationTest);
   * the state has its own snapshot form.
   */
  static final EventSourcedBehaviorTestKit.SerializationSettings SERIALIZATION =
      EventSourcedBehaviorTestKit.enabledSerializationSettings()
          .withVerifyEquality(true)
          .withVerifyState(false)
          .withVerifyCommands(false);

  static final AtomicInteger SLOT_NUMBERS = new AtomicInteger();
  static ActorTestKit testKit;

  String slotId;
  TestClock clock;
  ControllableJournal journal;
  TestProbe<LedgerProtocol.ToFront> front;
  EventSourcedBehaviorTestKit<LedgerProtocol.ToLedger, SlotEvent, SlotState> ledger;

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
    useLedger(TestConfigs.slotSettings());
  }

  @AfterEach
  void resetJournal() {
    ledger.persistenceTestKit().resetPolicy();
  }

  void useLedger(SlotSettings settings) {
    journal = new ControllableJournal();
    useLedger(settings, journal);
  }

  void useLedger(SlotSettings settings, ControllableJournal journal) {
    front = testKit.createTestProbe();
    SnapshotTestKit snapshotStore = SnapshotTestKit.create(testKit.system());
    // The ledger writes its snapshots through SlotSnapshots; here they go to the testkit's store
    // that recovery reads.
    SlotSnapshots snapshots =
        (id, sequenceNr, state) ->
            snapshotStore.persistForRecovery(
                id.id(),
                List.of(Pair.create(SnapshotMeta.create(sequenceNr), SlotSnapshot.of(state))));
    ledger =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            SlotLedger.create(
                slotId,
                settings,
                clock,
                new SequentialIds(),
                front.ref(),
                snapshots,
                GrantReleases.NONE),
            SERIALIZATION);
    ledger.persistenceTestKit().withPolicy(journal);
  }

  /** A batch of one request, as the front sends a request that arrived alone. */
  static Batch one(SlotCommand.Request request) {
    return new Batch(List.of(request));
  }

  /** The facts a command wrote: one event per write, whatever the facts in it. */
  static List<SlotFact> facts(CommandResult<LedgerProtocol.ToLedger, SlotEvent, SlotState> result) {
    assertTrue(result.events().size() <= 1, () -> "one event per write, not " + result.events());
    return result.events().stream().flatMap(e -> e.facts().stream()).toList();
  }

  String persistenceId() {
    return SlotLedger.persistenceId(slotId).id();
  }

  // ---- fixtures
  // --------------------------------------------------------------------------------------------------

  SlotDefinition definition(int capacity) {
    return new SlotDefinition(
        slotId,
        slotId.substring(0, slotId.indexOf('_')),
        START,
        START.plusMinutes(10),
        START_INSTANT,
        capacity);
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, SlotReply> define(
      SlotDefinition definition) {
    return ledger.<SlotReply>runCommand(replyTo -> one(new DefineSlot(definition, replyTo)));
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, SlotReply> define(
      int capacity) {
    return define(definition(capacity));
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, BookingReply> book(
      String customerId, int seats, String key) {
    return ledger.<BookingReply>runCommand(
        replyTo -> one(new Book(customerId, seats, key, CONTACT, null, replyTo, null, null)));
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, BookingReply> cancel(
      String bookingId) {
    return ledger.<BookingReply>runCommand(replyTo -> one(new Cancel(bookingId, replyTo, null)));
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, BookingReply> getBooking(
      String bookingId) {
    return ledger.<BookingReply>runCommand(replyTo -> one(new GetBooking(bookingId, replyTo)));
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, SlotReply> getSlot() {
    return ledger.<SlotReply>runCommand(replyTo -> one(new GetSlot(replyTo)));
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, SlotReply> changeCapacity(
      int capacity) {
    return ledger.<SlotReply>runCommand(
        replyTo -> one(new SlotCommand.ChangeSlot(capacity, null, replyTo)));
  }

  CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, SlotReply> changeStatus(
      SlotStatus status) {
    return ledger.<SlotReply>runCommand(
        replyTo -> one(new SlotCommand.ChangeSlot(null, status, replyTo)));
  }

  BookingView confirmed(String bookingId, String customerId, int seats) {
    return new BookingView(
        bookingId, slotId, customerId, seats, BookingStatus.CONFIRMED, NOW, null, CONTACT);
  }

  SlotView view(int capacity, int booked, SlotStatus status) {
    return new SlotView(
        slotId,
        definition(capacity).venueId(),
        START,
        START_INSTANT,
        START.plusMinutes(10),
        capacity,
        booked,
        capacity - booked,
        status,
        0,
        0);
  }

  static SlotReply.Current current(CommandResultWithReply<?, ?, ?, SlotReply> result) {
    return assertInstanceOf(SlotReply.Current.class, result.reply());
  }

  static BookingReply.Booking booking(CommandResultWithReply<?, ?, ?, BookingReply> result) {
    return assertInstanceOf(BookingReply.Booking.class, result.reply());
  }

  /** A rejection with the given reason that wrote nothing. */
  void assertRejected(
      CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, ?> result,
      RejectionReason reason) {
    Rejected rejected =
        assertInstanceOf(Rejected.class, result.reply(), () -> "reply to " + result.command());
    assertEquals(reason, rejected.reason(), rejected.message());
    assertFalse(rejected.message().isBlank(), "a rejection explains itself");
    assertTrue(
        result.hasNoEvents(), () -> "a rejection writes no event, but wrote " + facts(result));
  }
}
