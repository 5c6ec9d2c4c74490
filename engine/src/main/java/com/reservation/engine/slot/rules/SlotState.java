package com.reservation.engine.slot.rules;

import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.EntryView;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.rules.SlotFact.Booked;
import com.reservation.engine.slot.rules.SlotFact.Cancelled;
import com.reservation.engine.slot.rules.SlotFact.CapacitySet;
import com.reservation.engine.slot.rules.SlotFact.ClosedSet;
import com.reservation.engine.slot.rules.SlotFact.Defined;
import com.reservation.engine.slot.rules.SlotFact.Held;
import com.reservation.engine.slot.rules.SlotFact.HoldConfirmed;
import com.reservation.engine.slot.rules.SlotFact.HoldExpired;
import com.reservation.engine.slot.rules.SlotFact.HoldReleased;
import com.reservation.engine.slot.rules.SlotFact.Joined;
import com.reservation.engine.slot.rules.SlotFact.Left;
import com.reservation.engine.slot.rules.SlotFact.Offered;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The immutable state of one slot. Every fact yields a new state; the indexes share structure
 * between versions so a fact costs O(log n) however many bookings, holds and waiting entries the
 * slot holds. Applying a fact never reads the clock: the command side decided, the facts record.
 *
 * @param definition null until the slot is defined
 * @param capacity current capacity (the definition's until an admin changes it)
 * @param adminClosed true while an admin keeps the slot closed
 * @param bookedSeats seats held by confirmed bookings; bookedSeats + held seats never exceed
 *     capacity
 * @param holds the holds (their held seats count against capacity)
 * @param waitlist the waitlist
 * @param history the order in which ended records are dropped, and its bounds: applying a fact
 *     drops those due at the fact's own time, so a replay drops exactly what the live slot did
 */
public record SlotState(
    SlotDefinition definition,
    int capacity,
    boolean adminClosed,
    int bookedSeats,
    PersistentMap<String, Booking> bookings,
    PersistentMap<String, String> bookingIdByKey,
    PersistentMap<String, String> activeBookingIdByCustomer,
    SlotHolds holds,
    Waitlist waitlist,
    SlotHistory history) {

  /** A slot not yet defined that keeps everything it ended (see {@link #empty}). */
  public static final SlotState EMPTY = empty(HistorySettings.UNBOUNDED);

  /** A slot not yet defined that keeps ended records within {@code history}'s bounds. */
  public static SlotState empty(HistorySettings history) {
    return new SlotState(
        null,
        0,
        false,
        0,
        PersistentMap.empty(),
        PersistentMap.empty(),
        PersistentMap.empty(),
        SlotHolds.EMPTY,
        Waitlist.EMPTY,
        SlotHistory.empty(history));
  }

  public boolean isDefined() {
    return definition != null;
  }

  public String slotId() {
    return definition == null ? null : definition.slotId();
  }

  public int heldSeats() {
    return holds.heldSeats();
  }

  /** Seats neither booked nor held. */
  public int available() {
    return Math.max(0, capacity - bookedSeats - holds.heldSeats());
  }

  /**
   * Bookings the slot remembers (confirmed and cancelled): what a snapshot of it holds, with holds
   * and entries.
   */
  public int bookingCount() {
    return bookings.size() + holds.byId().size() + waitlist.byId().size();
  }

  public Optional<Booking> booking(String bookingId) {
    return bookings.get(bookingId);
  }

  public Optional<Booking> bookingForKey(String idempotencyKey) {
    return bookingIdByKey.get(idempotencyKey).flatMap(bookings::get);
  }

  public boolean hasActiveBooking(String customerId) {
    return activeBookingIdByCustomer.containsKey(customerId);
  }

  /**
   * A confirmed booking, a HELD hold or an active waitlist entry: one of them per customer per
   * slot.
   */
  public boolean hasAnythingActive(String customerId) {
    return activeBookingIdByCustomer.containsKey(customerId)
        || holds.activeIdByCustomer().containsKey(customerId)
        || waitlist.activeIdByCustomer().containsKey(customerId);
  }

  /**
   * Whether the customer's active booking, hold or waitlist entry here uses the allowance {@code
   * grantId}.
   */
  public boolean usesGrant(String customerId, String grantId) {
    Optional<Booking> booking = activeBookingIdByCustomer.get(customerId).flatMap(bookings::get);
    return booking.filter(b -> grantId.equals(b.grantId())).isPresent()
        || holds.activeOf(customerId).filter(h -> grantId.equals(h.grantId())).isPresent()
        || waitlist.activeOf(customerId).filter(e -> grantId.equals(e.grantId())).isPresent();
  }

  /** Open for booking at {@code now}: defined, not closed by an admin, and not started yet. */
  public boolean isOpenAt(Instant now) {
    return isDefined() && !adminClosed && now.isBefore(definition.startInstant());
  }

  public SlotView view(Instant now) {
    return new SlotView(
        definition.slotId(),
        definition.venueId(),
        definition.start(),
        definition.startInstant(),
        definition.end(),
        capacity,
        bookedSeats,
        available(),
        isOpenAt(now) ? SlotStatus.OPEN : SlotStatus.CLOSED,
        holds.heldSeats(),
        waitlist.waiting());
  }

  public EntryView view(WaitlistEntry entry) {
    Integer position = entry.status() == EntryStatus.WAITING ? waitlist.position(entry) : null;
    Instant expiresAt =
        entry.status() == EntryStatus.OFFERED
            ? holds.get(entry.holdId()).map(Hold::expiresAt).orElse(null)
            : null;
    return new EntryView(
        entry.entryId(),
        slotId(),
        entry.customerId(),
        entry.seats(),
        entry.status(),
        position,
        entry.holdId(),
        expiresAt,
        entry.bookingId(),
        entry.joinedAt(),
        entry.contact());
  }

  /** The numbers the read model keeps of this slot. */
  public SlotCounts counts() {
    Instant nextExpiry = holds.next().map(SlotHolds.Expiry::at).orElse(null);
    return new SlotCounts(
        capacity, bookedSeats, adminClosed, holds.heldSeats(), waitlist.waiting(), nextExpiry);
  }

  /** The state after {@code facts} (one event's), in order. */
  public SlotState apply(List<SlotFact> facts) {
    SlotState state = this;
    for (SlotFact fact : facts) state = state.apply(fact);
    return state;
  }

  /**
   * The state after {@code fact}; then the ended records due at the fact's time (or beyond the
   * count) are dropped.
   */
  public SlotState apply(SlotFact fact) {
    SlotState next = applyOnly(fact);
    return next.history.size() == 0 ? next : next.pruned(timeOf(fact));
  }

  /** The instant a fact happened, or null for the facts that carry none (admin changes). */
  private static Instant timeOf(SlotFact fact) {
    if (fact instanceof Booked f) return f.at();
    if (fact instanceof Cancelled f) return f.at();
    if (fact instanceof Held f) return f.at();
    if (fact instanceof HoldConfirmed f) return f.at();
    if (fact instanceof HoldReleased f) return f.at();
    if (fact instanceof HoldExpired f) return f.at();
    if (fact instanceof Joined f) return f.at();
    if (fact instanceof Offered f) return f.at();
    if (fact instanceof Left f) return f.at();
    return null;
  }

  private SlotState applyOnly(SlotFact fact) {
    if (fact instanceof Booked f) return withBooking(f);
    if (fact instanceof Cancelled f) return withCancellation(f);
    if (fact instanceof Held f) return withHold(f);
    if (fact instanceof HoldConfirmed f) return withConfirmation(f);
    if (fact instanceof HoldReleased f)
      return withHoldEnded(f.holdId(), HoldStatus.RELEASED, EntryStatus.LEFT, f.at());
    if (fact instanceof HoldExpired f)
      return withHoldEnded(f.holdId(), HoldStatus.EXPIRED, EntryStatus.EXPIRED, f.at());
    if (fact instanceof Joined f) return withEntry(f);
    if (fact instanceof Offered f) return withOffer(f);
    if (fact instanceof Left f) return withLeaving(f);
    if (fact instanceof Defined f)
      return withSlot(f.definition(), f.definition().capacity(), false, 0);
    if (fact instanceof CapacitySet f)
      return withSlot(definition, f.capacity(), adminClosed, bookedSeats);
    if (fact instanceof ClosedSet f) return withSlot(definition, capacity, f.closed(), bookedSeats);
    throw new IllegalArgumentException("unknown fact " + fact.getClass());
  }

  // The three copies below are the only ways a fact changes a state: the slot itself, its bookings,
  // or its holds and waitlist. Everything not named is shared with this state.

  private SlotState withSlot(
      SlotDefinition newDefinition, int newCapacity, boolean closed, int newBookedSeats) {
    return new SlotState(
        newDefinition,
        newCapacity,
        closed,
        newBookedSeats,
        bookings,
        bookingIdByKey,
        activeBookingIdByCustomer,
        holds,
        waitlist,
        history);
  }

  private SlotState withBookings(
      int newBookedSeats,
      PersistentMap<String, Booking> newBookings,
      PersistentMap<String, String> newBookingIdByKey,
      PersistentMap<String, String> newActiveBookingIdByCustomer) {
    return new SlotState(
        definition,
        capacity,
        adminClosed,
        newBookedSeats,
        newBookings,
        newBookingIdByKey,
        newActiveBookingIdByCustomer,
        holds,
        waitlist,
        history);
  }

  private SlotState withHolds(SlotHolds newHolds, Waitlist newWaitlist) {
    return new SlotState(
        definition,
        capacity,
        adminClosed,
        bookedSeats,
        bookings,
        bookingIdByKey,
        activeBookingIdByCustomer,
        newHolds,
        newWaitlist,
        history);
  }

  private SlotState withHistory(SlotHistory newHistory) {
    return new SlotState(
        definition,
        capacity,
        adminClosed,
        bookedSeats,
        bookings,
        bookingIdByKey,
        activeBookingIdByCustomer,
        holds,
        waitlist,
        newHistory);
  }

  /** With a record that ended at {@code at} noted in the order of those to drop. */
  private SlotState ended(SlotHistory.Kind kind, String id, Instant at) {
    if (!history.settings().bounded()) return this;
    return withHistory(history.with(new SlotHistory.Ended(at, kind, id)));
  }

  /** Without the ended records due at {@code now} (null: only those beyond the count). */
  private SlotState pruned(Instant now) {
    SlotState state = this;
    for (Optional<SlotHistory.Ended> due = state.history.due(now);
        due.isPresent();
        due = state.history.due(now)) {
      state = state.forget(due.get());
    }
    return state;
  }

  /**
   * Without one ended record: a cancelled booking goes with the hold it was confirmed from and that
   * hold's waitlist entry (they ended with it).
   */
  private SlotState forget(SlotHistory.Ended ended) {
    SlotHistory newHistory = history.without(ended);
    PersistentMap<String, Booking> newBookings = bookings;
    PersistentMap<String, String> newByKey = bookingIdByKey;
    SlotHolds newHolds = holds;
    Waitlist newWaitlist = waitlist;
    String holdId = null;
    String entryId = null;
    switch (ended.kind()) {
      case BOOKING -> {
        Optional<Booking> found = bookings.get(ended.id()).filter(b -> !b.isConfirmed());
        if (found.isPresent()) {
          Booking b = found.get();
          newBookings = bookings.without(b.bookingId());
          String key = b.idempotencyKey();
          if (key != null && bookingIdByKey.get(key).filter(b.bookingId()::equals).isPresent())
            newByKey = bookingIdByKey.without(key);
          holdId = b.holdId();
        }
      }
      case HOLD -> holdId = ended.id();
      case ENTRY -> entryId = ended.id();
    }
    if (holdId != null) {
      Optional<Hold> hold = holds.get(holdId).filter(h -> !h.isHeld());
      if (hold.isPresent()) {
        newHolds = holds.forget(hold.get());
        // An offer's entry ended with its hold; a confirmed one lives as long as its booking.
        if (ended.kind() == SlotHistory.Kind.BOOKING) entryId = hold.get().entryId();
      }
    }
    if (entryId != null) {
      Optional<WaitlistEntry> entry = waitlist.get(entryId).filter(e -> !e.isActive());
      if (entry.isPresent()) newWaitlist = waitlist.forget(entry.get());
    }
    return new SlotState(
        definition,
        capacity,
        adminClosed,
        bookedSeats,
        newBookings,
        newByKey,
        activeBookingIdByCustomer,
        newHolds,
        newWaitlist,
        newHistory);
  }

  private SlotState withBooking(Booked f) {
    Booking booking =
        new Booking(
            f.bookingId(),
            f.customerId(),
            f.seats(),
            f.idempotencyKey(),
            f.contact(),
            f.at(),
            null,
            null,
            f.grantId());
    return withBookings(
        bookedSeats + f.seats(),
        bookings.with(f.bookingId(), booking),
        f.idempotencyKey() == null
            ? bookingIdByKey
            : bookingIdByKey.with(f.idempotencyKey(), f.bookingId()),
        activeBookingIdByCustomer.with(f.customerId(), f.bookingId()));
  }

  private SlotState withCancellation(Cancelled f) {
    Optional<Booking> found = bookings.get(f.bookingId()).filter(Booking::isConfirmed);
    if (found.isEmpty()) return this;
    Booking booking = found.get();
    return withBookings(
            bookedSeats - booking.seats(),
            bookings.with(booking.bookingId(), booking.cancelled(f.at())),
            bookingIdByKey,
            activeBookingIdByCustomer.without(booking.customerId()))
        .ended(SlotHistory.Kind.BOOKING, booking.bookingId(), f.at());
  }

  private SlotState withHold(Held f) {
    Hold hold =
        new Hold(
            f.holdId(),
            f.customerId(),
            f.seats(),
            f.idempotencyKey(),
            f.contact(),
            f.at(),
            f.expiresAt(),
            HoldStatus.HELD,
            null,
            null,
            f.grantId(),
            null);
    return withHolds(holds.with(hold), waitlist);
  }

  /** The hold's seats pass to a new booking; an offer's entry is CONFIRMED with it. */
  private SlotState withConfirmation(HoldConfirmed f) {
    Optional<Hold> found = holds.get(f.holdId()).filter(Hold::isHeld);
    if (found.isEmpty()) return this;
    Hold hold = found.get();
    Booking booking =
        new Booking(
            f.bookingId(),
            hold.customerId(),
            hold.seats(),
            null,
            hold.contact(),
            f.at(),
            null,
            hold.holdId(),
            hold.grantId());
    return withBookings(
            bookedSeats + hold.seats(),
            bookings.with(booking.bookingId(), booking),
            bookingIdByKey,
            activeBookingIdByCustomer.with(hold.customerId(), booking.bookingId()))
        .withHolds(
            holds.end(hold, hold.ended(HoldStatus.CONFIRMED, f.bookingId(), f.at())),
            endEntryOf(hold, EntryStatus.CONFIRMED, f.bookingId(), f.at()));
  }

  private SlotState withHoldEnded(
      String holdId, HoldStatus status, EntryStatus entryStatus, Instant at) {
    Optional<Hold> found = holds.get(holdId).filter(Hold::isHeld);
    if (found.isEmpty()) return this;
    Hold hold = found.get();
    SlotState next =
        withHolds(
                holds.end(hold, hold.ended(status, null, at)),
                endEntryOf(hold, entryStatus, null, at))
            .ended(SlotHistory.Kind.HOLD, hold.holdId(), at);
    // An offer's entry ended with its hold (a confirmed one lives on with its booking).
    return hold.entryId() == null || waitlist.get(hold.entryId()).isEmpty()
        ? next
        : next.ended(SlotHistory.Kind.ENTRY, hold.entryId(), at);
  }

  private Waitlist endEntryOf(Hold hold, EntryStatus status, String bookingId, Instant at) {
    if (hold.entryId() == null) return waitlist;
    return waitlist
        .get(hold.entryId())
        .filter(e -> e.status() == EntryStatus.OFFERED)
        .map(e -> waitlist.end(e, e.ended(status, bookingId, at)))
        .orElse(waitlist);
  }

  private SlotState withEntry(Joined f) {
    WaitlistEntry entry =
        new WaitlistEntry(
            f.entryId(),
            f.customerId(),
            f.seats(),
            f.contact(),
            waitlist.nextSeq(),
            f.at(),
            EntryStatus.WAITING,
            null,
            null,
            f.grantId(),
            null);
    return withHolds(holds, waitlist.join(entry, f.firstFit()));
  }

  /** The entry leaves the line holding a new hold of its seats, made for its customer. */
  private SlotState withOffer(Offered f) {
    Optional<WaitlistEntry> found =
        waitlist.get(f.entryId()).filter(e -> e.status() == EntryStatus.WAITING);
    if (found.isEmpty()) return this;
    WaitlistEntry entry = found.get();
    Hold hold =
        new Hold(
            f.holdId(),
            entry.customerId(),
            entry.seats(),
            null,
            entry.contact(),
            f.at(),
            f.expiresAt(),
            HoldStatus.HELD,
            null,
            entry.entryId(),
            entry.grantId(),
            null);
    return withHolds(holds.with(hold), waitlist.offer(entry, entry.offered(f.holdId())));
  }

  private SlotState withLeaving(Left f) {
    Optional<WaitlistEntry> found =
        waitlist.get(f.entryId()).filter(e -> e.status() == EntryStatus.WAITING);
    if (found.isEmpty()) return this;
    WaitlistEntry entry = found.get();
    return withHolds(holds, waitlist.end(entry, entry.ended(EntryStatus.LEFT, null, f.at())))
        .ended(SlotHistory.Kind.ENTRY, entry.entryId(), f.at());
  }

  /** Every booking the slot remembers (confirmed and cancelled), in no particular order. */
  public List<Booking> allBookings() {
    return List.copyOf(bookings.asJava().values());
  }

  /** Every hold the slot remembers, in no particular order. */
  public List<Hold> allHolds() {
    return List.copyOf(holds.byId().asJava().values());
  }

  /**
   * A slot rebuilt from its records (a snapshot's): the indexes and orders are derived from the
   * records' own fields, so the records may come in any order.
   */
  public static SlotState restore(
      SlotDefinition definition,
      int capacity,
      boolean adminClosed,
      Iterable<Booking> allBookings,
      Iterable<Hold> allHolds,
      Iterable<WaitlistEntry> waitlist,
      long nextEntrySeq,
      boolean waitlistFirstFit,
      HistorySettings historySettings) {
    // Built in bulk: a big slot recovers 100,000 bookings into three indexes.
    PersistentMap.Builder<String, Booking> bookings = PersistentMap.builder();
    PersistentMap.Builder<String, String> byKey = PersistentMap.builder();
    PersistentMap.Builder<String, String> byCustomer = PersistentMap.builder();
    int booked = 0;
    for (Booking b : allBookings) {
      bookings.put(b.bookingId(), b);
      if (b.idempotencyKey() != null) byKey.put(b.idempotencyKey(), b.bookingId());
      if (b.isConfirmed()) {
        byCustomer.put(b.customerId(), b.bookingId());
        booked += b.seats();
      }
    }
    SlotHistory history = SlotHistory.empty(historySettings);
    if (historySettings.bounded()) {
      // The same order the live slot kept: each ended record's own end instant, kind and id.
      for (Booking b : allBookings)
        if (!b.isConfirmed())
          history =
              history.with(
                  new SlotHistory.Ended(b.cancelledAt(), SlotHistory.Kind.BOOKING, b.bookingId()));
      for (Hold h : allHolds)
        if (h.status() == HoldStatus.RELEASED || h.status() == HoldStatus.EXPIRED)
          history =
              history.with(
                  new SlotHistory.Ended(
                      h.endedAt() != null ? h.endedAt() : h.expiresAt(),
                      SlotHistory.Kind.HOLD,
                      h.holdId()));
      for (WaitlistEntry e : waitlist)
        if (e.status() == EntryStatus.LEFT || e.status() == EntryStatus.EXPIRED)
          history =
              history.with(
                  new SlotHistory.Ended(
                      e.endedAt() != null ? e.endedAt() : e.joinedAt(),
                      SlotHistory.Kind.ENTRY,
                      e.entryId()));
    }
    return new SlotState(
            definition,
            capacity,
            adminClosed,
            booked,
            bookings.build(),
            byKey.build(),
            byCustomer.build(),
            SlotHolds.of(allHolds),
            Waitlist.of(waitlist, nextEntrySeq, waitlistFirstFit),
            history)
        // Bounds lowered since the snapshot was taken apply at once.
        .pruned(null);
  }

  @Override
  public String toString() {
    // Never throws, even for a state under construction (it is printed in log lines about
    // failures).
    String held, waiting;
    try {
      held = String.valueOf(holds.heldSeats());
      waiting = String.valueOf(waitlist.waiting());
    } catch (RuntimeException e) {
      held = waiting = "?";
    }
    return "SlotState[slotId="
        + slotId()
        + ", capacity="
        + capacity
        + ", booked="
        + bookedSeats
        + ", held="
        + held
        + ", waiting="
        + waiting
        + ", adminClosed="
        + adminClosed
        + ", bookings="
        + (bookings == null ? 0 : bookings.size())
        + "]";
  }
}
