package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.GetSlot;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.slot.storage.SlotSnapshots;
import com.reservation.engine.testing.ControllableJournal;
import com.reservation.engine.testing.ControllableJournal.Held;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestClock;
import com.reservation.engine.testing.TestConfigs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sharded front's group commit, made deterministic by a journal that holds writes until the
 * test releases them: what arrives during a write waits, unanswered, and goes out as one
 * multi-event write; every caller is answered only after its own write completes; the buffer is
 * bounded.
 */
class SlotEntityGroupCommitTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final Duration WAIT = Duration.ofSeconds(5);

  /**
   * Long enough for a message that was going to arrive to arrive; the held write makes the outcome
   * certain.
   */
  private static final Duration QUIET = Duration.ofMillis(300);

  private static final AtomicInteger SLOT_NUMBERS = new AtomicInteger();

  private static ActorTestKit testKit;
  private static PersistenceTestKit persistence;

  private ControllableJournal journal;
  private String slotId;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("SlotEntityGroupCommitTest", TestConfigs.persistenceTestKit());
    persistence = PersistenceTestKit.create(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshJournalPolicy() {
    slotId = "g" + SLOT_NUMBERS.incrementAndGet() + "_20261201_0920";
    journal = new ControllableJournal();
    persistence.withPolicy(journal);
  }

  @AfterEach
  void releaseEverything() {
    journal.releaseAll();
    persistence.resetPolicy();
  }

  private SlotDefinition definition(int capacity) {
    return new SlotDefinition(
        slotId, "g", START, START.plusMinutes(10), Instant.parse("2026-12-01T01:20:00Z"), capacity);
  }

  private String persistenceId() {
    return SlotLedger.persistenceId(slotId).id();
  }

  private ActorRef<SlotCommand> spawn(
      SlotSettings settings, SlotCatalog catalog, TestProbe<ActorRef<SlotCommand>> passivations) {
    return spawn(settings, catalog, passivations, CLOCK);
  }

  private ActorRef<SlotCommand> spawn(
      SlotSettings settings,
      SlotCatalog catalog,
      TestProbe<ActorRef<SlotCommand>> passivations,
      Clock clock) {
    return testKit.spawn(
        SlotEntity.create(
            slotId,
            settings,
            catalog,
            SlotSnapshots.NONE,
            clock,
            new SequentialIds(),
            passivations.ref()::tell,
            GrantReleases.NONE));
  }

  private ActorRef<SlotCommand> spawnDefined(SlotSettings settings, int capacity) {
    ActorRef<SlotCommand> slot = spawn(settings, SlotCatalog.NONE, testKit.createTestProbe());
    TestProbe<SlotReply> defined = testKit.createTestProbe();
    slot.tell(new DefineSlot(definition(capacity), defined.ref()));
    assertTrue(defined.expectMessageClass(SlotReply.Current.class, WAIT).changed());
    return slot;
  }

  private static Book book(String customerId, String key, TestProbe<BookingReply> replyTo) {
    return new Book(customerId, 1, key, Map.of(), null, replyTo.ref(), null, null);
  }

  /** The facts of each write; every write is one event. */
  private List<Integer> writeSizes() {
    return journal.writes(persistenceId()).stream().map(w -> facts(w).size()).toList();
  }

  private static List<SlotFact> facts(ControllableJournal.Write write) {
    assertEquals(1, write.events().size(), "one event per write");
    return ((SlotEvent) write.events().get(0)).facts();
  }

  private long storedFacts() {
    return persistence.persistedInStorage(persistenceId()).stream()
        .mapToLong(e -> ((SlotEvent) e).facts().size())
        .sum();
  }

  private static Set<String> customers(List<BookingReply> replies) {
    return replies.stream()
        .map(r -> assertInstanceOf(BookingReply.Booking.class, r, "every waiting booking succeeds"))
        .peek(b -> assertTrue(b.changed()))
        .map(b -> b.booking().customerId())
        .collect(Collectors.toSet());
  }

  @Test
  void bookingsArrivingDuringAWriteAreWrittenTogetherInTheNextWrite() throws Exception {
    int waitingCount = 25;
    ActorRef<SlotCommand> slot = spawnDefined(TestConfigs.slotSettings(), 100);
    journal.holdWrites();

    TestProbe<BookingReply> first = testKit.createTestProbe();
    slot.tell(book("c0", "k0", first));
    Held firstWrite = journal.awaitHeldWrite(WAIT);
    assertEquals(1, facts(firstWrite.write()).size());

    TestProbe<BookingReply> waiting = testKit.createTestProbe();
    for (int i = 1; i <= waitingCount; i++) slot.tell(book("c" + i, "k" + i, waiting));
    first.expectNoMessage(QUIET);
    waiting.expectNoMessage(Duration.ofMillis(10));

    firstWrite.release();
    BookingReply.Booking firstReply = first.expectMessageClass(BookingReply.Booking.class, WAIT);
    assertTrue(firstReply.changed());
    assertEquals("c0", firstReply.booking().customerId());

    Held secondWrite = journal.awaitHeldWrite(WAIT);
    List<SlotFact> batch = facts(secondWrite.write());
    assertEquals(waitingCount, batch.size(), "all bookings that waited go out in one write");
    assertEquals(
        IntStream.rangeClosed(1, waitingCount).mapToObj(i -> "c" + i).toList(),
        batch.stream().map(f -> ((SlotFact.Booked) f).customerId()).toList(),
        "decided in arrival order");
    waiting.expectNoMessage(QUIET); // their write is not durable yet

    journal.stopHolding();
    secondWrite.release();
    Set<String> answered = customers(waiting.receiveSeveralMessages(waitingCount, WAIT));

    assertEquals(
        IntStream.rangeClosed(1, waitingCount).mapToObj(i -> "c" + i).collect(Collectors.toSet()),
        answered);
    assertEquals(
        List.of(1, 1, waitingCount),
        writeSizes(),
        "define, the first booking, then one write for the rest");
    assertEquals(waitingCount + 2, storedFacts());
  }

  /**
   * Callers whose ask timed out while the slot was stuck behind a write have been told "outcome
   * unknown" and may be gone: their commands, past their deadline when the slot gets to them, are
   * refused and never decided.
   */
  @Test
  void commandsPastTheirDeadlineAreNeverDecided() throws Exception {
    TestClock clock = new TestClock(NOW);
    ActorRef<SlotCommand> slot =
        spawn(TestConfigs.slotSettings(), SlotCatalog.NONE, testKit.createTestProbe(), clock);
    TestProbe<SlotReply> defined = testKit.createTestProbe();
    slot.tell(new DefineSlot(definition(10), defined.ref()));
    defined.expectMessageClass(SlotReply.Current.class, WAIT);
    journal.holdWrites();
    TestProbe<BookingReply> first = testKit.createTestProbe();
    slot.tell(book("c0", "k0", first));
    Held held = journal.awaitHeldWrite(WAIT);

    TestProbe<BookingReply> gone = testKit.createTestProbe();
    Instant deadline = NOW.plusSeconds(5);
    for (int i = 1; i <= 3; i++)
      slot.tell(new Book("c" + i, 1, "k" + i, Map.of(), null, gone.ref(), deadline, null));
    TestProbe<BookingReply> patient = testKit.createTestProbe();
    slot.tell(new Book("c4", 1, "k4", Map.of(), null, patient.ref(), NOW.plusSeconds(60), null));
    clock.advance(Duration.ofSeconds(6)); // the store stalled past the first callers' deadline
    journal.stopHolding();
    held.release();

    assertTrue(first.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    for (int i = 1; i <= 3; i++) {
      assertEquals(
          RejectionReason.UNAVAILABLE, gone.expectMessageClass(Rejected.class, WAIT).reason());
    }
    assertTrue(patient.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    List<String> booked =
        journal.writes(persistenceId()).stream()
            .flatMap(w -> facts(w).stream())
            .filter(f -> f instanceof SlotFact.Booked)
            .map(f -> ((SlotFact.Booked) f).customerId())
            .toList();
    assertEquals(List.of("c0", "c4"), booked, "nothing was decided for the callers who left");
  }

  @Test
  void aFullBufferAnswersOverloadedAtOnceAndLosesNoOne() throws Exception {
    ActorRef<SlotCommand> slot = spawnDefined(TestConfigs.slotSettings("buffer-size = 3"), 100);
    journal.holdWrites();
    TestProbe<BookingReply> first = testKit.createTestProbe();
    slot.tell(book("c0", "k0", first));
    Held held = journal.awaitHeldWrite(WAIT);

    TestProbe<BookingReply> waiting = testKit.createTestProbe();
    for (int i = 1; i <= 3; i++) slot.tell(book("c" + i, "k" + i, waiting));
    TestProbe<BookingReply> fourth = testKit.createTestProbe();
    slot.tell(book("c4", "k4", fourth));

    // answered while the write is still held: at once, not after it
    Rejected overloaded = fourth.expectMessageClass(Rejected.class, WAIT);
    assertEquals(RejectionReason.OVERLOADED, overloaded.reason());
    waiting.expectNoMessage(Duration.ofMillis(50));
    first.expectNoMessage(Duration.ofMillis(10));

    journal.stopHolding();
    held.release();
    assertTrue(first.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    assertEquals(Set.of("c1", "c2", "c3"), customers(waiting.receiveSeveralMessages(3, WAIT)));
    assertEquals(List.of(1, 1, 3), writeSizes());
    fourth.expectNoMessage(Duration.ofMillis(10));

    // nothing was decided for the refused caller: a retry later books normally
    slot.tell(book("c4", "k4", fourth));
    assertTrue(fourth.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
  }

  @Test
  void aDuplicateArrivingDuringTheWriteWaitsForItAndGetsTheSameBooking() throws Exception {
    ActorRef<SlotCommand> slot = spawnDefined(TestConfigs.slotSettings(), 10);
    journal.holdWrites();
    TestProbe<BookingReply> original = testKit.createTestProbe();
    slot.tell(book("c1", "same-key", original));
    Held held = journal.awaitHeldWrite(WAIT);

    TestProbe<BookingReply> duplicate = testKit.createTestProbe();
    slot.tell(book("c1", "same-key", duplicate));
    duplicate.expectNoMessage(QUIET);
    journal.stopHolding();
    held.release();

    BookingReply.Booking created = original.expectMessageClass(BookingReply.Booking.class, WAIT);
    BookingReply.Booking again = duplicate.expectMessageClass(BookingReply.Booking.class, WAIT);
    assertTrue(created.changed());
    assertFalse(again.changed());
    assertEquals(created.booking(), again.booking());
    assertEquals(List.of(1, 1), writeSizes(), "the duplicate wrote nothing");
  }

  @Test
  void aStoreFailureAnswersUnavailableNeverAFalseConfirmation() {
    ActorRef<SlotCommand> slot = spawnDefined(TestConfigs.slotSettings(), 10);
    journal.failNextWrites(1);

    TestProbe<BookingReply> caller = testKit.createTestProbe();
    slot.tell(book("c1", "k1", caller));

    Rejected unavailable = caller.expectMessageClass(Rejected.class, WAIT);
    assertEquals(RejectionReason.UNAVAILABLE, unavailable.reason());
    assertEquals(1, storedFacts(), "only the definition is stored");
    TestProbe<SlotReply> view = testKit.createTestProbe();
    slot.tell(new GetSlot(view.ref()));
    assertEquals(0, view.expectMessageClass(SlotReply.Current.class, WAIT).slot().booked());

    // the ledger restarted; a retry with the same key is decided afresh and stored
    slot.tell(book("c1", "k1", caller));
    assertTrue(caller.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    assertEquals(2, storedFacts());
  }

  @Test
  void aStopDuringAWriteFinishesItAnswersEveryoneThenStops() throws Exception {
    ActorRef<SlotCommand> slot = spawnDefined(TestConfigs.slotSettings(), 10);
    journal.holdWrites();
    TestProbe<BookingReply> inFlight = testKit.createTestProbe();
    slot.tell(book("c1", "k1", inFlight));
    Held held = journal.awaitHeldWrite(WAIT);
    TestProbe<BookingReply> waiting = testKit.createTestProbe();
    slot.tell(book("c2", "k2", waiting));

    slot.tell(new LedgerProtocol.Stop());
    inFlight.expectNoMessage(QUIET);
    journal.stopHolding();
    held.release();

    assertTrue(inFlight.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    assertTrue(waiting.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    testKit.createTestProbe().expectTerminated(slot, WAIT);
    assertEquals(3, storedFacts());
  }

  @Test
  void anUndefinedSlotDefinesItselfFromTheCatalogInTheSameWriteAsItsFirstBooking() {
    SlotCatalog catalog =
        id ->
            CompletableFuture.completedFuture(
                id.equals(slotId) ? Optional.of(definition(5)) : Optional.empty());
    ActorRef<SlotCommand> slot =
        spawn(TestConfigs.slotSettings(), catalog, testKit.createTestProbe());

    TestProbe<BookingReply> caller = testKit.createTestProbe();
    slot.tell(book("c1", "k1", caller));

    assertTrue(caller.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    List<ControllableJournal.Write> writes = journal.writes(persistenceId());
    assertEquals(1, writes.size());
    List<SlotFact> written = facts(writes.get(0));
    assertEquals(new SlotFact.Defined(definition(5)), written.get(0));
    assertEquals("c1", ((SlotFact.Booked) written.get(1)).customerId());
  }

  @Test
  void anUnknownSlotAnswersUnknownSlotAndAsksToBeStopped() {
    TestProbe<ActorRef<SlotCommand>> passivations = testKit.createTestProbe();
    ActorRef<SlotCommand> slot = spawn(TestConfigs.slotSettings(), SlotCatalog.NONE, passivations);

    TestProbe<SlotReply> caller = testKit.createTestProbe();
    slot.tell(new GetSlot(caller.ref()));

    assertEquals(
        RejectionReason.UNKNOWN_SLOT, caller.expectMessageClass(Rejected.class, WAIT).reason());
    assertEquals(slot, passivations.receiveMessage(WAIT));
    assertTrue(journal.writes(persistenceId()).isEmpty());
  }

  @Test
  void aSlotDefinedJustAfterAnUnknownAnswerIsFoundAtOnce() {
    java.util.concurrent.atomic.AtomicBoolean scheduled =
        new java.util.concurrent.atomic.AtomicBoolean();
    SlotCatalog catalog =
        id ->
            CompletableFuture.completedFuture(
                scheduled.get() ? Optional.of(definition(5)) : Optional.empty());
    ActorRef<SlotCommand> slot =
        spawn(TestConfigs.slotSettings(), catalog, testKit.createTestProbe());
    TestProbe<SlotReply> caller = testKit.createTestProbe();
    slot.tell(new GetSlot(caller.ref()));
    assertEquals(
        RejectionReason.UNKNOWN_SLOT, caller.expectMessageClass(Rejected.class, WAIT).reason());

    scheduled.set(
        true); // a schedule defines it; this entity has not passivated yet (the test ignores its
    // request)

    slot.tell(new GetSlot(caller.ref()));
    assertEquals(5, caller.expectMessageClass(SlotReply.Current.class, WAIT).slot().capacity());
  }

  @Test
  void aFailedCatalogLookupAnswersUnavailableAndIsTriedAgain() {
    AtomicInteger lookups = new AtomicInteger();
    SlotCatalog flaky =
        id ->
            lookups.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("test: catalog down"))
                : CompletableFuture.completedFuture(Optional.of(definition(5)));
    ActorRef<SlotCommand> slot =
        spawn(TestConfigs.slotSettings(), flaky, testKit.createTestProbe());
    TestProbe<SlotReply> caller = testKit.createTestProbe();

    slot.tell(new GetSlot(caller.ref()));
    assertEquals(
        RejectionReason.UNAVAILABLE, caller.expectMessageClass(Rejected.class, WAIT).reason());

    slot.tell(new GetSlot(caller.ref()));
    assertEquals(5, caller.expectMessageClass(SlotReply.Current.class, WAIT).slot().capacity());
    assertEquals(2, lookups.get());
  }

  @Test
  void commandsSentBeforeRecoveryCompletesAreKeptAndAnswered() {
    ActorRef<SlotCommand> slot =
        spawn(TestConfigs.slotSettings(), SlotCatalog.NONE, testKit.createTestProbe());
    List<TestProbe<SlotReply>> callers = new ArrayList<>();
    // sent at once after spawning, before the ledger can have recovered
    TestProbe<SlotReply> definer = testKit.createTestProbe();
    slot.tell(new DefineSlot(definition(3), definer.ref()));
    for (int i = 0; i < 3; i++) {
      TestProbe<SlotReply> caller = testKit.createTestProbe();
      slot.tell(new GetSlot(caller.ref()));
      callers.add(caller);
    }

    assertTrue(definer.expectMessageClass(SlotReply.Current.class, WAIT).changed());
    for (TestProbe<SlotReply> caller : callers) {
      assertEquals(3, caller.expectMessageClass(SlotReply.Current.class, WAIT).slot().capacity());
    }
  }
}
