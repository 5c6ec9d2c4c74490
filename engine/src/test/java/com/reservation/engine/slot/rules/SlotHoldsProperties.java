package com.reservation.engine.slot.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.Cancel;
import com.reservation.engine.slot.api.SlotCommand.ChangeSlot;
import com.reservation.engine.slot.api.SlotCommand.ConfirmHold;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.JoinWaitlist;
import com.reservation.engine.slot.api.SlotCommand.LeaveWaitlist;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotCommand.ReleaseHold;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The slot's invariants with holds and a waitlist, over random sequences of book, hold, confirm,
 * release, expire (time passing), cancel, join, leave, capacity and status changes, decided in
 * random batches by {@link SlotRules#decideBatch} exactly as the ledger does: never more seats
 * booked and held than the capacity, the state rebuilt from the events equals the live state, the
 * snapshot form restores it, no hold outlives its expiry, freed seats never wait while someone in
 * line fits, and FIFO offers go out in line order.
 */
class SlotHoldsProperties {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final String SLOT_ID = "pwtc_20261201_0920";

  sealed interface Op {}

  record BookOp(int customer, int seats) implements Op {}

  record HoldOp(int customer, int seats, int ttlSeconds) implements Op {}

  /** Acts on the n-th hold made so far (modulo their number). */
  record ConfirmOp(int n) implements Op {}

  record ReleaseOp(int n) implements Op {}

  /** Cancels the n-th booking made so far. */
  record CancelOp(int n) implements Op {}

  record JoinOp(int customer, int seats) implements Op {}

  /** The n-th waitlist entry made so far leaves. */
  record LeaveOp(int n) implements Op {}

  record CapacityOp(int capacity) implements Op {}

  record StatusOp(SlotStatus status) implements Op {}

  /** Time passes before the next batch: holds may expire. */
  record TimeOp(int seconds) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> customer = Arbitraries.integers().between(0, 9);
    Arbitrary<Integer> seats = Arbitraries.integers().between(1, 4);
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 40);
    return Arbitraries.<Op>frequencyOf(
            Tuple.of(5, Combinators.combine(customer, seats).as(BookOp::new)),
            Tuple.of(
                6,
                Combinators.combine(customer, seats, Arbitraries.of(30, 60, 300)).as(HoldOp::new)),
            Tuple.of(4, n.map(ConfirmOp::new)),
            Tuple.of(2, n.map(ReleaseOp::new)),
            Tuple.of(3, n.map(CancelOp::new)),
            Tuple.of(4, Combinators.combine(customer, seats).as(JoinOp::new)),
            Tuple.of(1, n.map(LeaveOp::new)),
            Tuple.of(1, Arbitraries.integers().between(1, 16).map(CapacityOp::new)),
            Tuple.of(1, Arbitraries.of(SlotStatus.class).map(StatusOp::new)),
            Tuple.of(3, Arbitraries.integers().between(1, 200).map(TimeOp::new)))
        .list()
        .ofMaxSize(80);
  }

  /** One slot driven in batches without actors; every event it would write is kept. */
  static final class Slot {
    final SlotRules rules = new SlotRules(TestConfigs.slotSettings(), new SequentialIds());
    final boolean firstFit;
    final List<SlotEvent.Recorded> events = new ArrayList<>();
    final List<String> holdIds = new ArrayList<>();
    final List<String> bookingIds = new ArrayList<>();
    final List<String> entryIds = new ArrayList<>();

    /** The waitlist place of every entry offered, in the order of the offers. */
    final List<Long> offeredSeqs = new ArrayList<>();

    final HistorySettings history;
    SlotState state;
    Instant now = T0;

    Slot(int capacity, boolean firstFit) {
      this(capacity, firstFit, HistorySettings.UNBOUNDED);
    }

    Slot(int capacity, boolean firstFit, HistorySettings history) {
      this.firstFit = firstFit;
      this.history = history;
      this.state = SlotState.empty(history);
      SlotDefinition definition =
          new SlotDefinition(
              SLOT_ID,
              "pwtc",
              START,
              START.plusMinutes(10),
              Instant.parse("2026-12-01T01:20:00Z"),
              capacity);
      batch(List.of(new DefineSlot(definition, null)));
    }

    Request request(Op op) {
      if (op instanceof BookOp b)
        return new Book("c" + b.customer(), b.seats(), null, Map.of(), null, null, null, null);
      if (op instanceof HoldOp h) {
        return new PlaceHold(
            "c" + h.customer(),
            h.seats(),
            Duration.ofSeconds(h.ttlSeconds()),
            null,
            Map.of(),
            null,
            null,
            null,
            null);
      }
      if (op instanceof ConfirmOp c) return new ConfirmHold(nth(holdIds, c.n()), null, null);
      if (op instanceof ReleaseOp r) return new ReleaseHold(nth(holdIds, r.n()), null, null);
      if (op instanceof CancelOp c) return new Cancel(nth(bookingIds, c.n()), null, null);
      if (op instanceof JoinOp j)
        return new JoinWaitlist(
            "c" + j.customer(), j.seats(), Map.of(), firstFit, null, null, null, null);
      if (op instanceof LeaveOp l) return new LeaveWaitlist(nth(entryIds, l.n()), null, null);
      if (op instanceof CapacityOp c) return new ChangeSlot(c.capacity(), null, null);
      if (op instanceof StatusOp s) return new ChangeSlot(null, s.status(), null);
      throw new IllegalArgumentException(op.toString());
    }

    private static String nth(List<String> ids, int n) {
      return ids.isEmpty() ? "unknown" : ids.get(n % ids.size());
    }

    /**
     * Decides a batch, keeps its event, checks what each answer promised, and returns the answers.
     */
    List<Object> batch(List<Request> requests) {
      SlotState before = state;
      SlotRules.Outcome outcome = rules.decideBatch(state, requests, now);
      for (SlotFact fact : outcome.facts()) {
        if (fact instanceof SlotFact.Held f) holdIds.add(f.holdId());
        if (fact instanceof SlotFact.Booked f) bookingIds.add(f.bookingId());
        if (fact instanceof SlotFact.HoldConfirmed f) bookingIds.add(f.bookingId());
        if (fact instanceof SlotFact.Joined f) entryIds.add(f.entryId());
        if (fact instanceof SlotFact.Offered f) holdIds.add(f.holdId());
      }
      // Offers in the order they were made: the place in line is read from the state each offer was
      // made in.
      SlotState replay = before;
      for (SlotFact fact : outcome.facts()) {
        if (fact instanceof SlotFact.Offered f)
          offeredSeqs.add(replay.waitlist().get(f.entryId()).orElseThrow().seq());
        replay = replay.apply(fact);
      }
      state = outcome.state();
      assertEquals(replay, state, "the batch's state is its facts applied once each, in order");
      if (!outcome.facts().isEmpty())
        events.add(new SlotEvent.Recorded(SLOT_ID, outcome.facts(), state.counts()));
      List<Object> answers = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        answers.add(outcome.answers().get(i).message());
        checkAnswer(requests.get(i), answers.get(i));
      }
      return answers;
    }

    private void checkAnswer(Request request, Object answer) {
      // A bounded slot may have dropped what a later command of the batch ended.
      if (history.bounded()) return;
      if (request instanceof ConfirmHold c && answer instanceof BookingReply.Booking b) {
        Booking booking = state.booking(b.booking().bookingId()).orElseThrow();
        assertEquals(c.holdId(), booking.holdId(), "a confirmed hold is a booking");
        assertEquals(HoldStatus.CONFIRMED, state.holds().get(c.holdId()).orElseThrow().status());
      }
      if (request instanceof ConfirmHold c
          && answer instanceof Rejected r
          && r.reason() == RejectionReason.HOLD_EXPIRED) {
        HoldStatus status = state.holds().get(c.holdId()).orElseThrow().status();
        assertTrue(
            status == HoldStatus.EXPIRED || status == HoldStatus.RELEASED,
            "hold-expired means the seats went back");
      }
    }

    void check(String after) {
      assertTrue(
          state.bookedSeats() + state.heldSeats() <= state.capacity(),
          () ->
              state.bookedSeats()
                  + " booked + "
                  + state.heldSeats()
                  + " held > "
                  + state.capacity()
                  + " after "
                  + after);
      Map<String, Booking> bookings = state.bookings().asJava();
      Map<String, Hold> holds = state.holds().byId().asJava();
      assertEquals(
          bookings.values().stream().filter(Booking::isConfirmed).mapToInt(Booking::seats).sum(),
          state.bookedSeats());
      assertEquals(
          holds.values().stream().filter(Hold::isHeld).mapToInt(Hold::seats).sum(),
          state.heldSeats());
      for (Hold hold : holds.values()) {
        if (hold.isHeld())
          assertTrue(now.isBefore(hold.expiresAt()), () -> "a hold outlived its expiry: " + hold);
      }
      // One active thing per customer: a confirmed booking, a hold, or a waitlist entry (an offer
      // is its entry's).
      Set<String> customers = new HashSet<>();
      for (Booking b : bookings.values())
        if (b.isConfirmed()) assertTrue(customers.add(b.customerId()), "two for " + b.customerId());
      for (Hold h : holds.values()) {
        if (h.isHeld() && h.entryId() == null)
          assertTrue(customers.add(h.customerId()), "two for " + h.customerId());
      }
      for (WaitlistEntry e : state.waitlist().byId().asJava().values()) {
        if (e.isActive()) assertTrue(customers.add(e.customerId()), "two for " + e.customerId());
        if (e.status() == EntryStatus.OFFERED)
          assertTrue(state.holds().get(e.holdId()).orElseThrow().isHeld());
      }
      // Freed seats never wait while someone in line fits.
      if (state.isOpenAt(now)) {
        Iterator<WaitlistEntry> line = state.waitlist().inLine();
        while (line.hasNext()) {
          WaitlistEntry waiting = line.next();
          assertTrue(
              waiting.seats() > state.available(),
              () -> "seats free for a waiting entry after " + after);
          if (!firstFit) break;
        }
      }
      assertEquals(
          state,
          SlotSnapshot.of(state).toState(history),
          () -> "snapshot round trip after " + after);
      if (history.bounded()) {
        // What the slot keeps of ended records is within the count bound, and is exactly what its
        // history counts.
        long ended =
            bookings.values().stream().filter(b -> !b.isConfirmed()).count()
                + holds.values().stream()
                    .filter(
                        h -> h.status() == HoldStatus.RELEASED || h.status() == HoldStatus.EXPIRED)
                    .count()
                + state.waitlist().byId().asJava().values().stream()
                    .filter(
                        e -> e.status() == EntryStatus.LEFT || e.status() == EntryStatus.EXPIRED)
                    .count();
        assertEquals(state.history().size(), ended, () -> "ended records after " + after);
        assertTrue(ended <= history.keepAtMost(), () -> ended + " ended records after " + after);
      }
    }
  }

  @Property(tries = 300)
  void bookedAndHeldNeverExceedCapacityAndTheEventsRebuildTheState(
      @ForAll @IntRange(min = 1, max = 12) int capacity,
      @ForAll boolean firstFit,
      @ForAll("ops") List<Op> ops,
      @ForAll @IntRange(min = 1, max = 4) int perBatch) {
    run(new Slot(capacity, firstFit), ops, perBatch);
  }

  /**
   * The same with a slot that keeps little of what ended (a few records, for a few minutes):
   * dropping them never changes a count, the events still rebuild the state (drops included), and
   * the snapshot restores it.
   */
  @Property(tries = 300)
  void aSlotThatDropsEndedRecordsKeepsEveryInvariant(
      @ForAll @IntRange(min = 1, max = 12) int capacity,
      @ForAll boolean firstFit,
      @ForAll("ops") List<Op> ops,
      @ForAll @IntRange(min = 1, max = 4) int perBatch,
      @ForAll @IntRange(min = 0, max = 4) int keepAtMost,
      @ForAll @IntRange(min = 30, max = 400) int keepForSeconds) {
    HistorySettings history = new HistorySettings(Duration.ofSeconds(keepForSeconds), keepAtMost);
    run(new Slot(capacity, firstFit, history), ops, perBatch);
  }

  private static void run(Slot slot, List<Op> ops, int perBatch) {
    boolean firstFit = slot.firstFit;
    List<Request> batch = new ArrayList<>();
    for (Op op : ops) {
      if (op instanceof TimeOp t) {
        if (!batch.isEmpty()) slot.batch(batch);
        batch = new ArrayList<>();
        slot.check(op.toString());
        slot.now = slot.now.plusSeconds(t.seconds());
        slot.batch(List.of());
      } else {
        batch.add(slot.request(op));
        if (batch.size() == perBatch) {
          slot.batch(batch);
          batch = new ArrayList<>();
        }
      }
      slot.check(op.toString());
    }
    if (!batch.isEmpty()) slot.batch(batch);
    slot.check("the last batch");

    SlotState rebuilt = SlotState.empty(slot.history);
    for (SlotEvent.Recorded event : slot.events) {
      rebuilt = rebuilt.apply(event.facts());
      assertEquals(event.counts(), rebuilt.counts(), "each write carries the counts after it");
    }
    assertEquals(slot.state, rebuilt);
    if (!firstFit) {
      for (int i = 1; i < slot.offeredSeqs.size(); i++) {
        assertTrue(
            slot.offeredSeqs.get(i - 1) < slot.offeredSeqs.get(i),
            "FIFO offers in line order: " + slot.offeredSeqs);
      }
    }
  }

  /** A confirm and its hold's expiry in one batch resolve one way only, by the batch's instant. */
  @Property(tries = 100)
  void aConfirmAtTheExpiryInstantFindsTheHoldExpired(
      @ForAll @IntRange(min = -2, max = 2) int offsetMillis) {
    Slot slot = new Slot(1, false);
    slot.batch(
        List.of(
            new PlaceHold(
                "c1", 1, Duration.ofSeconds(30), null, Map.of(), null, null, null, null)));
    Hold hold = slot.state.holds().byId().asJava().values().iterator().next();
    slot.now = hold.expiresAt().plusMillis(offsetMillis);
    Object answer = slot.batch(List.of(new ConfirmHold(hold.holdId(), null, null))).get(0);
    HoldStatus status = slot.state.holds().get(hold.holdId()).orElseThrow().status();
    if (offsetMillis < 0) {
      assertInstanceOf(BookingReply.Booking.class, answer);
      assertEquals(HoldStatus.CONFIRMED, status);
      assertEquals(1, slot.state.bookedSeats());
    } else {
      assertEquals(RejectionReason.HOLD_EXPIRED, assertInstanceOf(Rejected.class, answer).reason());
      assertEquals(HoldStatus.EXPIRED, status);
      assertEquals(0, slot.state.bookedSeats() + slot.state.heldSeats());
    }
    // Asked again, the answer is the same: the race was decided once.
    Object again = slot.batch(List.of(new ConfirmHold(hold.holdId(), null, null))).get(0);
    assertEquals(answer.getClass(), again.getClass());
  }
}
