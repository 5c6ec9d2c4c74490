package com.reservation.engine.slot.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.Cancel;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestConfigs;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The slot's invariants over random command sequences, decided by {@link SlotRules} and applied
 * with {@link SlotState#apply} exactly as the ledger does, without actors.
 */
class SlotRulesProperties {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final String SLOT_ID = "pwtc_20261201_0920";

  // ---- the commands a sequence is made of
  // ------------------------------------------------------------------------

  sealed interface Op {}

  /**
   * {@code key} indexes a small pool so keys collide often; null books without one. Seats 0 and 11
   * are invalid.
   */
  record BookOp(int customer, int seats, Integer key) implements Op {}

  /**
   * Cancels the n-th booking made so far (modulo their number), or an unknown id when none was
   * made.
   */
  record CancelOp(int n) implements Op {}

  /** Sends again, unchanged, the n-th request that made a booking (modulo their number). */
  record RetryOp(int n) implements Op {}

  record CapacityOp(int capacity) implements Op {}

  record StatusOp(SlotStatus status) implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> book =
        Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 9).injectNull(0.3))
            .as(BookOp::new);
    Arbitrary<Op> cancel = Arbitraries.integers().between(0, 30).map(CancelOp::new);
    Arbitrary<Op> retry = Arbitraries.integers().between(0, 30).map(RetryOp::new);
    Arbitrary<Op> capacity = Arbitraries.integers().between(0, 25).map(CapacityOp::new);
    Arbitrary<Op> status = Arbitraries.of(SlotStatus.class).map(StatusOp::new);
    return Arbitraries.frequencyOf(
            Tuple.of(8, book),
            Tuple.of(3, cancel),
            Tuple.of(3, retry),
            Tuple.of(1, capacity),
            Tuple.of(1, status))
        .list()
        .ofMaxSize(60);
  }

  // ---- a slot driven without actors
  // ------------------------------------------------------------------------------

  /**
   * One slot: decides like the ledger, applies every event, and keeps what the properties look at.
   */
  static final class Slot {
    final SlotRules rules = new SlotRules(TestConfigs.slotSettings(), new SequentialIds());
    final List<SlotFact> facts = new ArrayList<>();

    /**
     * Where each decision's facts begin in {@link #facts}, so they can be regrouped into events.
     */
    final List<Integer> decisionStarts = new ArrayList<>();

    final List<String> bookingIds = new ArrayList<>();
    final List<Book> accepted = new ArrayList<>();
    final Map<Book, String> bookingIdOf = new HashMap<>();
    SlotState state = SlotState.EMPTY;
    Instant now = T0;

    /** Facts of the last decision. */
    List<SlotFact> lastFacts = List.of();

    Slot(int capacity) {
      SlotDefinition definition =
          new SlotDefinition(
              SLOT_ID,
              "pwtc",
              START,
              START.plusMinutes(10),
              Instant.parse("2026-12-01T01:20:00Z"),
              capacity);
      assertInstanceOf(SlotReply.Current.class, decide(new DefineSlot(definition, null)));
    }

    Object decide(Request command) {
      now = now.plusSeconds(1);
      SlotRules.Decision decision = rules.decide(state, command, now);
      Object reply = decision.answer().message();
      decisionStarts.add(facts.size());
      for (SlotFact fact : decision.facts()) state = state.apply(fact);
      facts.addAll(decision.facts());
      lastFacts = decision.facts();
      if (reply instanceof Rejected) {
        assertTrue(decision.facts().isEmpty(), () -> "a rejection wrote " + decision.facts());
      }
      if (command instanceof Book book && reply instanceof BookingReply.Booking b && b.changed()) {
        accepted.add(book);
        bookingIds.add(b.booking().bookingId());
        bookingIdOf.put(book, b.booking().bookingId());
      }
      return reply;
    }

    Object apply(Op op) {
      if (op instanceof BookOp b) {
        return decide(
            new Book(
                "c" + b.customer(),
                b.seats(),
                b.key() == null ? null : "k" + b.key(),
                Map.of(),
                null,
                null,
                null,
                null));
      } else if (op instanceof CancelOp c) {
        String id = bookingIds.isEmpty() ? "unknown" : bookingIds.get(c.n() % bookingIds.size());
        return decide(new Cancel(id, null, null));
      } else if (op instanceof RetryOp r) {
        if (accepted.isEmpty()) return null;
        Book original = accepted.get(r.n() % accepted.size());
        Object reply = decide(original);
        // Only a keyed request is recognised as a retry; without a key it is a new request.
        if (original.idempotencyKey() != null) {
          BookingReply.Booking again =
              assertInstanceOf(BookingReply.Booking.class, reply, "a retry is answered");
          assertEquals(
              bookingIdOf.get(original),
              again.booking().bookingId(),
              "a retry returns the original booking");
          assertTrue(!again.changed() && lastFacts.isEmpty(), "a retry writes nothing");
        }
        return reply;
      } else if (op instanceof CapacityOp c) {
        return decide(new SlotCommand.ChangeSlot(c.capacity(), null, null));
      } else if (op instanceof StatusOp s) {
        return decide(new SlotCommand.ChangeSlot(null, s.status(), null));
      }
      throw new IllegalArgumentException(op.toString());
    }

    int confirmedSeats() {
      return state.bookings().asJava().values().stream()
          .filter(Booking::isConfirmed)
          .mapToInt(Booking::seats)
          .sum();
    }
  }

  // ---- properties
  // -----------------------------------------------------------------------------------------------

  @Property(tries = 200)
  void bookedNeverExceedsCapacity(
      @ForAll @IntRange(min = 1, max = 15) int capacity, @ForAll("ops") List<Op> ops) {
    Slot slot = new Slot(capacity);
    for (Op op : ops) {
      slot.apply(op);
      assertTrue(
          slot.state.bookedSeats() <= slot.state.capacity(),
          () ->
              slot.state.bookedSeats()
                  + " seats booked of "
                  + slot.state.capacity()
                  + " after "
                  + op);
    }
  }

  @Property(tries = 200)
  void bookedSeatsAlwaysEqualTheConfirmedBookings(
      @ForAll @IntRange(min = 1, max = 15) int capacity, @ForAll("ops") List<Op> ops) {
    Slot slot = new Slot(capacity);
    for (Op op : ops) {
      slot.apply(op);
      assertEquals(slot.confirmedSeats(), slot.state.bookedSeats(), () -> "after " + op);
      long confirmed =
          slot.state.bookings().asJava().values().stream().filter(Booking::isConfirmed).count();
      assertEquals(
          confirmed,
          slot.state.activeBookingIdByCustomer().size(),
          "one confirmed booking per customer");
    }
  }

  @Property(tries = 200)
  void aCancelledSeatIsBookableAgain(
      @ForAll @IntRange(min = 1, max = 15) int capacity, @ForAll("ops") List<Op> ops) {
    Slot slot = new Slot(capacity);
    ops.forEach(slot::apply);
    slot.decide(new SlotCommand.ChangeSlot(null, SlotStatus.OPEN, null));
    // fill the slot to the last seat with newcomers
    int newcomer = 0;
    while (slot.state.available() > 0) {
      assertTrue(
          booked(
              slot.decide(new Book("new" + newcomer++, 1, null, Map.of(), null, null, null, null))),
          "a free seat is bookable");
    }
    Booking freed =
        slot.state.bookings().asJava().values().stream()
            .filter(Booking::isConfirmed)
            .findFirst()
            .orElseThrow();
    assertEquals(
        RejectionReason.SLOT_FULL,
        rejection(slot.decide(new Book("late", 1, null, Map.of(), null, null, null, null))));

    assertTrue(booked(slot.decide(new Cancel(freed.bookingId(), null, null))));

    assertTrue(
        booked(
            slot.decide(
                new Book("late", freed.seats(), "late-key", Map.of(), null, null, null, null))),
        "the freed seats");
    assertEquals(
        RejectionReason.SLOT_FULL,
        rejection(slot.decide(new Book("later", 1, null, Map.of(), null, null, null, null))));
    assertEquals(slot.state.capacity(), slot.state.bookedSeats());
  }

  @Property(tries = 200)
  void aRetriedBookingNeverTakesASecondSeat(
      @ForAll @IntRange(min = 1, max = 15) int capacity, @ForAll("ops") List<Op> ops) {
    Slot slot = new Slot(capacity);
    // RetryOp itself asserts that each retry returns the original booking and writes nothing.
    ops.forEach(slot::apply);
    Map<String, Long> bookingsPerKey = new HashMap<>();
    for (SlotFact fact : slot.facts) {
      if (fact instanceof SlotFact.Booked booked && booked.idempotencyKey() != null) {
        bookingsPerKey.merge(booked.idempotencyKey(), 1L, Long::sum);
      }
    }
    bookingsPerKey.forEach(
        (key, count) -> assertEquals(1L, count, "bookings made with key " + key));
  }

  /**
   * The ledger writes the facts of a whole batch as one event: however the decisions are grouped
   * into writes (here at random cut points), replaying the events rebuilds the live state, and each
   * event's counts are the state after it.
   */
  @Property(tries = 200)
  void theStateRebuiltFromTheEventsEqualsTheLiveState(
      @ForAll @IntRange(min = 1, max = 15) int capacity,
      @ForAll("ops") List<Op> ops,
      @ForAll @IntRange(min = 1, max = 8) int decisionsPerWrite) {
    Slot slot = new Slot(capacity);
    ops.forEach(slot::apply);

    SlotState rebuilt = SlotState.EMPTY;
    List<Integer> starts = slot.decisionStarts;
    for (int first = 0; first < starts.size(); first += decisionsPerWrite) {
      int from = starts.get(first);
      int to =
          first + decisionsPerWrite < starts.size()
              ? starts.get(first + decisionsPerWrite)
              : slot.facts.size();
      if (from == to) continue; // a write only when there is something to write
      List<SlotFact> batch = slot.facts.subList(from, to);
      SlotState after = rebuilt;
      for (SlotFact fact : batch) after = after.apply(fact);
      SlotEvent.Recorded event = new SlotEvent.Recorded(SLOT_ID, batch, after.counts());
      rebuilt = rebuilt.apply(event.facts());
      assertEquals(rebuilt.counts(), event.counts());
    }

    assertEquals(slot.state, rebuilt);
  }

  @Property(tries = 200)
  void theSnapshotFormRestoresTheSameState(
      @ForAll @IntRange(min = 1, max = 15) int capacity, @ForAll("ops") List<Op> ops) {
    Slot slot = new Slot(capacity);
    for (Op op : ops) {
      slot.apply(op);
      assertEquals(slot.state, SlotSnapshot.of(slot.state).toState(), () -> "after " + op);
    }
  }

  private static boolean booked(Object reply) {
    return reply instanceof BookingReply.Booking b && b.changed();
  }

  private static RejectionReason rejection(Object reply) {
    return assertInstanceOf(Rejected.class, reply).reason();
  }
}
