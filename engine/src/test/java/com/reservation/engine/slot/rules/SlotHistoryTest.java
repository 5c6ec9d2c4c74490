package com.reservation.engine.slot.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.Cancel;
import com.reservation.engine.slot.api.SlotCommand.ConfirmHold;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.GetBooking;
import com.reservation.engine.slot.api.SlotCommand.GetEntry;
import com.reservation.engine.slot.api.SlotCommand.GetHold;
import com.reservation.engine.slot.api.SlotCommand.JoinWaitlist;
import com.reservation.engine.slot.api.SlotCommand.LeaveWaitlist;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotCommand.ReleaseHold;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a slot keeps of ended records: bounded in time (by the time of the facts it applies, never
 * the clock) and in count, the oldest dropped first; active records are never dropped; past the
 * bounds a look-up answers "unknown" and a retry with the record's key is decided as new; the state
 * rebuilt from the facts or from a snapshot drops exactly the same.
 */
class SlotHistoryTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final String SLOT_ID = "pwtc_20261201_0920";
  private static final HistorySettings BOUNDS = new HistorySettings(Duration.ofMinutes(10), 3);

  /** One slot decided by the rules as the ledger does, keeping every fact it records. */
  private static final class Slot {
    final SlotRules rules = new SlotRules(TestConfigs.slotSettings(), new SequentialIds());
    final List<SlotFact> facts = new ArrayList<>();
    SlotState state;

    Slot(HistorySettings bounds, int capacity) {
      state = SlotState.empty(bounds);
      decide(
          T0,
          new DefineSlot(
              new SlotDefinition(
                  SLOT_ID,
                  "pwtc",
                  START,
                  START.plusMinutes(10),
                  Instant.parse("2026-12-01T01:20:00Z"),
                  capacity),
              null));
    }

    Object decide(Instant now, Request command) {
      SlotRules.Outcome outcome = rules.decideBatch(state, List.of(command), now);
      state = outcome.state();
      facts.addAll(outcome.facts());
      return outcome.answers().get(0).message();
    }

    String hold(Instant now, String customer, String key) {
      Object answer =
          decide(
              now,
              new PlaceHold(
                  customer, 1, Duration.ofMinutes(5), key, Map.of(), null, null, null, null));
      return assertInstanceOf(HoldReply.Current.class, answer).hold().holdId();
    }

    void release(Instant now, String holdId) {
      assertInstanceOf(HoldReply.Current.class, decide(now, new ReleaseHold(holdId, null, null)));
    }

    Object lookUp(String holdId) {
      return decide(T0, new GetHold(holdId, null));
    }

    void rebuildsTheSame(HistorySettings bounds) {
      SlotState rebuilt = SlotState.empty(bounds).apply(facts);
      assertEquals(state, rebuilt, "the facts replayed drop exactly what the live slot dropped");
      assertEquals(state, SlotSnapshot.of(state).toState(bounds), "and so does a snapshot");
    }
  }

  private static void assertUnknown(RejectionReason reason, Object answer) {
    assertEquals(reason, assertInstanceOf(Rejected.class, answer).reason());
  }

  @Test
  void anEndedHoldIsDroppedByTheFirstFactMoreThanKeepForAfterItEnded() {
    Slot slot = new Slot(new HistorySettings(Duration.ofMinutes(10), 1000), 10);
    String old = slot.hold(T0, "c1", "k1");
    slot.release(T0.plusSeconds(60), old);

    // No fact since: the clock alone drops nothing (a quiet slot changes only when it writes).
    assertEquals(
        HoldStatus.RELEASED,
        assertInstanceOf(HoldReply.Current.class, slot.lookUp(old)).hold().status());

    // A fact 10 minutes after the release: not more than keep-for, kept.
    String second = slot.hold(T0.plusSeconds(60 + 600), "c2", null);
    assertInstanceOf(HoldReply.Current.class, slot.lookUp(old));
    assertEquals(1, slot.state.history().size());

    // The next fact, a moment later: dropped, key and all.
    slot.release(T0.plusSeconds(60 + 601), second);
    assertUnknown(RejectionReason.UNKNOWN_HOLD, slot.lookUp(old));
    assertUnknown(RejectionReason.UNKNOWN_HOLD, slot.decide(T0, new ReleaseHold(old, null, null)));
    assertUnknown(RejectionReason.UNKNOWN_HOLD, slot.decide(T0, new ConfirmHold(old, null, null)));
    assertTrue(slot.state.holds().idByKey().asJava().isEmpty());
    assertEquals(1, slot.state.history().size(), "the second, ended just now, is kept");
    assertInstanceOf(HoldReply.Current.class, slot.lookUp(second));

    // A retry with the dropped hold's key is decided as a new request: a new hold, counted like
    // any other.
    Object retried =
        slot.decide(
            T0.plusSeconds(700),
            new PlaceHold("c1", 1, Duration.ofMinutes(5), "k1", Map.of(), null, null, null, null));
    HoldReply.Current fresh = assertInstanceOf(HoldReply.Current.class, retried);
    assertTrue(fresh.changed());
    assertNotEquals(old, fresh.hold().holdId());
    assertEquals(1, slot.state.heldSeats());
    slot.rebuildsTheSame(new HistorySettings(Duration.ofMinutes(10), 1000));
  }

  @Test
  void theTimeIsTheFactsNotTheClocks() {
    // An expiry is recorded at the hold's expiresAt, however late the slot woke: a record ended
    // long ago is dropped by the first fact that is later than its end by keep-for.
    Slot slot = new Slot(new HistorySettings(Duration.ofMinutes(10), 1000), 10);
    String expired = slot.hold(T0, "c1", null);
    slot.decide(T0.plus(Duration.ofHours(2)), new GetHold(expired, null));
    assertEquals(
        HoldStatus.EXPIRED,
        assertInstanceOf(HoldReply.Current.class, slot.lookUp(expired)).hold().status(),
        "its expiry (at T0 + 5 min) was the only fact: nothing later to measure from");
    slot.hold(T0.plus(Duration.ofHours(2)), "c2", null);
    assertUnknown(RejectionReason.UNKNOWN_HOLD, slot.lookUp(expired));
    slot.rebuildsTheSame(new HistorySettings(Duration.ofMinutes(10), 1000));
  }

  @Test
  void atMostKeepAtMostEndedRecordsOldestFirstHoweverFastTheyCome() {
    Slot slot = new Slot(BOUNDS, 10);
    List<String> holds = new ArrayList<>();
    // Ten cycles within one second: the time bound never applies, the count does.
    for (int i = 0; i < 10; i++) {
      Instant at = T0.plusMillis(i * 100L);
      String holdId = slot.hold(at, "c1", "key-" + i);
      slot.release(at.plusMillis(10), holdId);
      holds.add(holdId);
      assertTrue(slot.state.history().size() <= 3);
      assertTrue(slot.state.holds().byId().size() <= 3);
    }
    for (int i = 0; i < 7; i++)
      assertUnknown(RejectionReason.UNKNOWN_HOLD, slot.lookUp(holds.get(i)));
    for (int i = 7; i < 10; i++) {
      assertEquals(
          HoldStatus.RELEASED,
          assertInstanceOf(HoldReply.Current.class, slot.lookUp(holds.get(i))).hold().status());
    }
    assertEquals(3, slot.state.holds().idByKey().size(), "only the kept holds' keys");
    // A retry of a kept one is still the same hold.
    Object retry =
        slot.decide(
            T0.plusSeconds(1),
            new PlaceHold(
                "c1", 1, Duration.ofMinutes(5), "key-9", Map.of(), null, null, null, null));
    assertEquals(holds.get(9), assertInstanceOf(HoldReply.Current.class, retry).hold().holdId());
    slot.rebuildsTheSame(BOUNDS);
  }

  @Test
  void activeRecordsAreNeverDroppedAndTheCountCoversEveryKindOfEnd() {
    HistorySettings none = new HistorySettings(Duration.ofMinutes(10), 0);
    Slot slot = new Slot(none, 1);
    // A cancelled booking, a released hold and a waitlist entry that left all go at once.
    Object booked = slot.decide(T0, new Book("c1", 1, "b-key", Map.of(), null, null, null, null));
    String bookingId = assertInstanceOf(BookingReply.Booking.class, booked).booking().bookingId();
    Object joined =
        slot.decide(T0, new JoinWaitlist("c2", 1, Map.of(), false, null, null, null, null));
    String entryId = assertInstanceOf(WaitlistReply.Current.class, joined).entry().entryId();
    slot.decide(T0, new LeaveWaitlist(entryId, null, null));
    assertUnknown(RejectionReason.UNKNOWN_ENTRY, slot.decide(T0, new GetEntry(entryId, null)));
    slot.decide(T0, new Cancel(bookingId, null, null));
    assertUnknown(
        RejectionReason.UNKNOWN_BOOKING, slot.decide(T0, new GetBooking(bookingId, null)));
    assertTrue(slot.state.bookingIdByKey().asJava().isEmpty());

    // An active hold stays however many records end; a confirmed hold lives as long as its
    // booking.
    String held = slot.hold(T0, "c3", null);
    Object confirmed = slot.decide(T0, new ConfirmHold(held, null, null));
    String fromHold = assertInstanceOf(BookingReply.Booking.class, confirmed).booking().bookingId();
    assertEquals(
        HoldStatus.CONFIRMED,
        assertInstanceOf(HoldReply.Current.class, slot.lookUp(held)).hold().status());
    assertEquals(
        fromHold,
        assertInstanceOf(
                BookingReply.Booking.class, slot.decide(T0, new ConfirmHold(held, null, null)))
            .booking()
            .bookingId(),
        "a repeated confirm still answers the booking");
    slot.decide(T0, new Cancel(fromHold, null, null));
    assertUnknown(RejectionReason.UNKNOWN_HOLD, slot.lookUp(held));
    assertEquals(0, slot.state.bookings().size() + slot.state.holds().byId().size());
    assertEquals(0, slot.state.waitlist().byId().size());
    slot.rebuildsTheSame(none);
  }

  @Test
  void anOffersEntryEndsWithItsHold() {
    Slot slot = new Slot(BOUNDS, 1);
    String first = slot.hold(T0, "c1", null);
    Object joined =
        slot.decide(T0, new JoinWaitlist("c2", 1, Map.of(), false, null, null, null, null));
    String entryId = assertInstanceOf(WaitlistReply.Current.class, joined).entry().entryId();
    slot.release(T0, first); // the seat is offered to c2
    // The offer expires unconfirmed: its hold and its entry ended, counted as two records.
    slot.decide(T0.plus(Duration.ofHours(1)), new GetEntry(entryId, null));
    assertEquals(
        EntryStatus.EXPIRED,
        assertInstanceOf(WaitlistReply.Current.class, slot.decide(T0, new GetEntry(entryId, null)))
            .entry()
            .status());
    assertEquals(3, slot.state.history().size());
    slot.rebuildsTheSame(BOUNDS);
    slot.hold(T0.plus(Duration.ofHours(1)), "c4", null);
    assertEquals(0, slot.state.history().size(), "an hour later, all three are dropped");
    assertUnknown(RejectionReason.UNKNOWN_ENTRY, slot.decide(T0, new GetEntry(entryId, null)));
    slot.rebuildsTheSame(BOUNDS);
  }
}
