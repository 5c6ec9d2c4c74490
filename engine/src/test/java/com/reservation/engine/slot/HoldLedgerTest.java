package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import com.reservation.engine.slot.LedgerProtocol.Batch;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.EntryView;
import com.reservation.engine.slot.api.GrantReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.HoldView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.Cancel;
import com.reservation.engine.slot.api.SlotCommand.CheckGrant;
import com.reservation.engine.slot.api.SlotCommand.ConfirmHold;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.ExpireDue;
import com.reservation.engine.slot.api.SlotCommand.GetEntry;
import com.reservation.engine.slot.api.SlotCommand.JoinWaitlist;
import com.reservation.engine.slot.api.SlotCommand.LeaveWaitlist;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotCommand.ReleaseHold;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshots;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestClock;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds and the waitlist in the event-sourced ledger: what is written, what is answered, and what
 * survives a restart (the waitlist's order included), with the clock in the test's hands.
 */
class HoldLedgerTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final Instant START_INSTANT = Instant.parse("2026-12-01T01:20:00Z");
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final AtomicInteger SLOT_NUMBERS = new AtomicInteger();

  private static ActorTestKit testKit;

  private String slotId;
  private TestClock clock;
  private TestProbe<LedgerProtocol.ToFront> front;
  private final List<String> endedGrants = new CopyOnWriteArrayList<>();
  private EventSourcedBehaviorTestKit<LedgerProtocol.ToLedger, SlotEvent, SlotState> ledger;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("HoldLedgerTest", TestConfigs.eventSourcedBehaviorTestKit());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newLedger() {
    slotId = "h" + SLOT_NUMBERS.incrementAndGet() + "_20261201_0920";
    clock = new TestClock(NOW);
    front = testKit.createTestProbe();
    GrantReleases grants =
        (venueId, customerId, grantId) ->
            endedGrants.add(venueId + "/" + customerId + "/" + grantId);
    ledger =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            SlotLedger.create(
                slotId,
                TestConfigs.slotSettings(),
                clock,
                new SequentialIds(),
                front.ref(),
                SlotSnapshots.NONE,
                grants),
            EventSourcedBehaviorTestKit.enabledSerializationSettings()
                .withVerifyEquality(true)
                .withVerifyState(false)
                .withVerifyCommands(false));
    SlotDefinition definition =
        new SlotDefinition(
            slotId,
            slotId.substring(0, slotId.indexOf('_')),
            START,
            START.plusMinutes(10),
            START_INSTANT,
            3);
    ledger.runCommand(
        new Batch(List.of(new DefineSlot(definition, testKit.<SlotReply>createTestProbe().ref()))));
  }

  private <R> CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, R> run(
      java.util.function.Function<akka.actor.typed.ActorRef<R>, SlotCommand.Request> command) {
    return ledger.runCommand(replyTo -> new Batch(List.of(command.apply(replyTo))));
  }

  private HoldView hold(String customerId, int seats, String grantId) {
    CommandResultWithReply<LedgerProtocol.ToLedger, SlotEvent, SlotState, HoldReply> result =
        run(r -> new PlaceHold(customerId, seats, TTL, null, Map.of(), grantId, r, null, null));
    return assertInstanceOf(HoldReply.Current.class, result.reply()).hold();
  }

  private Object confirm(String holdId) {
    return this.<BookingReply>run(r -> new ConfirmHold(holdId, r, null)).reply();
  }

  private EntryView join(String customerId, int seats) {
    WaitlistReply reply =
        this.<WaitlistReply>run(
                r -> new JoinWaitlist(customerId, seats, Map.of(), false, null, r, null, null))
            .reply();
    return assertInstanceOf(WaitlistReply.Current.class, reply).entry();
  }

  private EntryView entry(String entryId) {
    return assertInstanceOf(
            WaitlistReply.Current.class,
            this.<WaitlistReply>run(r -> new GetEntry(entryId, r)).reply())
        .entry();
  }

  private SlotView expireDue() {
    return assertInstanceOf(SlotReply.Current.class, this.<SlotReply>run(ExpireDue::new).reply())
        .slot();
  }

  private static List<SlotFact> facts(CommandResultWithReply<?, SlotEvent, ?, ?> result) {
    return result.events().stream().flatMap(e -> e.facts().stream()).toList();
  }

  @Test
  void aHoldTakesSeatsAtOnceAndItsExpiryTravelsWithTheWrite() {
    HoldView held = hold("c1", 2, null);

    assertEquals(HoldStatus.HELD, held.status());
    assertEquals(NOW.plus(TTL), held.expiresAt());
    SlotView slot = expireDue();
    assertEquals(2, slot.held());
    assertEquals(1, slot.available());
    List<Object> stored =
        ledger.persistenceTestKit().persistedInStorage(SlotLedger.persistenceId(slotId).id());
    SlotEvent.Recorded last = (SlotEvent.Recorded) stored.get(stored.size() - 1);
    assertEquals(
        new SlotCounts(3, 0, false, 2, 0, NOW.plus(TTL)),
        last.counts(),
        "the read model learns the next expiry");
  }

  @Test
  void confirmIsIdempotentAndTheHoldBecomesTheBooking() {
    HoldView held = hold("c1", 2, null);

    BookingReply.Booking first =
        assertInstanceOf(BookingReply.Booking.class, confirm(held.holdId()));
    var again = this.<BookingReply>run(r -> new ConfirmHold(held.holdId(), r, null));

    assertTrue(first.changed());
    assertEquals(held.holdId(), first.booking().holdId());
    BookingReply.Booking repeat = assertInstanceOf(BookingReply.Booking.class, again.reply());
    assertEquals(new BookingReply.Booking(first.booking(), false), repeat);
    assertTrue(again.hasNoEvents(), "a repeated confirm writes nothing");
    SlotView slot = expireDue();
    assertEquals(2, slot.booked());
    assertEquals(0, slot.held());
    assertNull(ledger.getState().counts().nextExpiry());
  }

  @Test
  void aConfirmAtTheExpiryInstantLosesToTheExpiryAndBothAreWrittenOnce() {
    HoldView held = hold("c1", 2, null);
    clock.set(held.expiresAt());

    var result = this.<BookingReply>run(r -> new ConfirmHold(held.holdId(), r, null));

    assertEquals(
        RejectionReason.HOLD_EXPIRED, assertInstanceOf(Rejected.class, result.reply()).reason());
    assertEquals(
        List.of(new SlotFact.HoldExpired(held.holdId(), held.expiresAt(), held.seats())),
        facts(result));
    assertEquals(3, expireDue().available(), "hold-expired means the seats went back");
    assertEquals(
        RejectionReason.HOLD_EXPIRED,
        assertInstanceOf(Rejected.class, confirm(held.holdId())).reason());
  }

  @Test
  void releaseIsIdempotentAndAConfirmedHoldCannotBeReleased() {
    HoldView held = hold("c1", 1, null);
    HoldReply released = this.<HoldReply>run(r -> new ReleaseHold(held.holdId(), r, null)).reply();
    var again = this.<HoldReply>run(r -> new ReleaseHold(held.holdId(), r, null));

    assertEquals(
        HoldStatus.RELEASED, assertInstanceOf(HoldReply.Current.class, released).hold().status());
    assertEquals(
        HoldStatus.RELEASED,
        assertInstanceOf(HoldReply.Current.class, again.reply()).hold().status());
    assertTrue(again.hasNoEvents());

    HoldView other = hold("c2", 1, null);
    confirm(other.holdId());
    HoldReply refused = this.<HoldReply>run(r -> new ReleaseHold(other.holdId(), r, null)).reply();
    assertEquals(
        RejectionReason.HOLD_CONFIRMED, assertInstanceOf(Rejected.class, refused).reason());
  }

  /**
   * The slot full with one booking of 3 seats, then three entries wanting 2, 2 and 1 seats; returns
   * the booking.
   */
  private String fullSlotWithThreeWaiting(boolean firstFit, List<EntryView> entries) {
    ledger.<BookingReply>runCommand(
        replyTo ->
            new Batch(List.of(new Book("owner", 3, null, Map.of(), null, replyTo, null, null))));
    for (String[] wanted : new String[][] {{"w1", "2"}, {"w2", "2"}, {"w3", "1"}}) {
      WaitlistReply reply =
          this.<WaitlistReply>run(
                  r ->
                      new JoinWaitlist(
                          wanted[0],
                          Integer.parseInt(wanted[1]),
                          Map.of(),
                          firstFit,
                          null,
                          r,
                          null,
                          null))
              .reply();
      entries.add(assertInstanceOf(WaitlistReply.Current.class, reply).entry());
    }
    assertEquals(List.of(1, 2, 3), entries.stream().map(EntryView::position).toList());
    return ledger.getState().activeBookingIdByCustomer().get("owner").orElseThrow();
  }

  @Test
  void freedSeatsAreOfferedInLineOrderAndAnUnconfirmedOfferPassesOn() {
    List<EntryView> entries = new java.util.ArrayList<>();
    String bookingId = fullSlotWithThreeWaiting(false, entries);

    this.<BookingReply>run(r -> new Cancel(bookingId, r, null));

    EntryView w1 = entry(entries.get(0).entryId());
    assertEquals(EntryStatus.OFFERED, w1.status());
    assertEquals(NOW.plus(TestConfigs.slotSettings().holds().offerTtl()), w1.expiresAt());
    // FIFO: w2 (2 seats) does not fit the seat left, and w3 behind it is not let past.
    assertEquals(1, entry(entries.get(1).entryId()).position());
    assertEquals(2, entry(entries.get(2).entryId()).position());
    assertEquals(1, expireDue().available());

    clock.set(w1.expiresAt());
    expireDue();

    assertEquals(EntryStatus.EXPIRED, entry(entries.get(0).entryId()).status());
    assertEquals(
        EntryStatus.OFFERED,
        entry(entries.get(1).entryId()).status(),
        "the expired offer passed on");
    assertEquals(EntryStatus.OFFERED, entry(entries.get(2).entryId()).status());
    HoldView offer =
        ledger
            .getState()
            .holds()
            .get(entry(entries.get(1).entryId()).holdId())
            .orElseThrow()
            .view(slotId);
    BookingReply.Booking confirmed =
        assertInstanceOf(BookingReply.Booking.class, confirm(offer.holdId()));
    assertEquals("w2", confirmed.booking().customerId());
    assertEquals(EntryStatus.CONFIRMED, entry(entries.get(1).entryId()).status());
  }

  @Test
  void underFirstFitAnEntryThatDoesNotFitIsSkipped() {
    List<EntryView> entries = new java.util.ArrayList<>();
    String bookingId = fullSlotWithThreeWaiting(true, entries);

    this.<BookingReply>run(r -> new Cancel(bookingId, r, null));

    assertEquals(EntryStatus.OFFERED, entry(entries.get(0).entryId()).status());
    assertEquals(EntryStatus.WAITING, entry(entries.get(1).entryId()).status());
    assertEquals(EntryStatus.OFFERED, entry(entries.get(2).entryId()).status());
  }

  @Test
  void theWaitlistOrderAndTheHoldsSurviveARestart() {
    ledger.<BookingReply>runCommand(
        replyTo ->
            new Batch(List.of(new Book("owner", 2, null, Map.of(), null, replyTo, null, null))));
    HoldView held = hold("holder", 1, null);
    EntryView a = join("a", 1);
    EntryView b = join("b", 1);
    EntryView c = join("c", 1);
    this.<WaitlistReply>run(r -> new LeaveWaitlist(a.entryId(), r, null));

    ledger.restart();

    assertEquals(1, entry(b.entryId()).position());
    assertEquals(2, entry(c.entryId()).position());
    assertEquals(
        HoldStatus.HELD, ledger.getState().holds().get(held.holdId()).orElseThrow().status());
    // A recovered slot tells its front the next expiry, to set its timer by.
    front.fishForMessage(
        Duration.ofSeconds(3),
        told ->
            told instanceof LedgerProtocol.LedgerReady ready
                    && held.expiresAt().equals(ready.nextExpiry())
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore());

    this.<HoldReply>run(r -> new ReleaseHold(held.holdId(), r, null));
    assertEquals(EntryStatus.OFFERED, entry(b.entryId()).status());
    assertEquals(EntryStatus.WAITING, entry(c.entryId()).status());
    assertEquals(1, entry(c.entryId()).position());
  }

  @Test
  void theAllowancesAWriteEndsAreReportedAndCheckable() {
    HoldView held = hold("c1", 1, "g-hold");
    ledger.<BookingReply>runCommand(
        replyTo ->
            new Batch(List.of(new Book("c2", 1, null, Map.of(), "g-book", replyTo, null, null))));
    String bookingId = ledger.getState().activeBookingIdByCustomer().get("c2").orElseThrow();

    GrantReply inUse = this.<GrantReply>run(r -> new CheckGrant("c1", "g-hold", r)).reply();
    GrantReply other = this.<GrantReply>run(r -> new CheckGrant("c1", "g-book", r)).reply();
    assertEquals(new GrantReply.Status(true), inUse);
    assertEquals(new GrantReply.Status(false), other);

    this.<BookingReply>run(r -> new Cancel(bookingId, r, null));
    clock.set(held.expiresAt());
    expireDue();

    String venue = slotId.substring(0, slotId.indexOf('_'));
    assertEquals(List.of(venue + "/c2/g-book", venue + "/c1/g-hold"), endedGrants);
    assertEquals(
        new GrantReply.Status(false),
        this.<GrantReply>run(r -> new CheckGrant("c1", "g-hold", r)).reply());
  }
}
