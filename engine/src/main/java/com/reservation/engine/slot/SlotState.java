package com.reservation.engine.slot;

import com.reservation.engine.slot.SlotFact.Booked;
import com.reservation.engine.slot.SlotFact.Cancelled;
import com.reservation.engine.slot.SlotFact.CapacitySet;
import com.reservation.engine.slot.SlotFact.ClosedSet;
import com.reservation.engine.slot.SlotFact.Defined;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The immutable state of one slot. Every fact yields a new state; the three indexes share structure between versions
 * so a fact costs O(log n) however many bookings the slot holds. Applying a fact never reads the clock: the command
 * side decided, the facts record.
 *
 * @param definition null until the slot is defined
 * @param capacity current capacity (the definition's until an admin changes it)
 * @param adminClosed true while an admin keeps the slot closed
 * @param bookedSeats seats held by confirmed bookings; never above capacity
 */
public record SlotState(
    SlotDefinition definition,
    int capacity,
    boolean adminClosed,
    int bookedSeats,
    PersistentMap<String, Booking> bookings,
    PersistentMap<String, String> bookingIdByKey,
    PersistentMap<String, String> activeBookingIdByCustomer) {

  public static final SlotState EMPTY =
      new SlotState(null, 0, false, 0, PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty());

  public boolean isDefined() {
    return definition != null;
  }

  public String slotId() {
    return definition == null ? null : definition.slotId();
  }

  public int available() {
    return Math.max(0, capacity - bookedSeats);
  }

  /** Bookings the slot remembers (confirmed and cancelled): what a snapshot of it holds. */
  public int bookingCount() {
    return bookings.size();
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
        isOpenAt(now) ? SlotStatus.OPEN : SlotStatus.CLOSED);
  }

  /** The numbers the read model keeps of this slot. */
  public SlotCounts counts() {
    return new SlotCounts(capacity, bookedSeats, adminClosed);
  }

  /** The state after every fact of {@code event}, in order. */
  public SlotState apply(SlotEvent event) {
    SlotState state = this;
    for (SlotFact fact : event.facts()) state = state.apply(fact);
    return state;
  }

  public SlotState apply(SlotFact fact) {
    if (fact instanceof Booked f) return withBooking(f);
    if (fact instanceof Cancelled f) return withCancellation(f);
    if (fact instanceof Defined f) {
      return new SlotState(
          f.definition(), f.definition().capacity(), false, 0, bookings, bookingIdByKey, activeBookingIdByCustomer);
    }
    if (fact instanceof CapacitySet f) return with(f.capacity(), adminClosed);
    if (fact instanceof ClosedSet f) return with(capacity, f.closed());
    throw new IllegalArgumentException("unknown fact " + fact.getClass());
  }

  private SlotState with(int newCapacity, boolean closed) {
    return new SlotState(
        definition, newCapacity, closed, bookedSeats, bookings, bookingIdByKey, activeBookingIdByCustomer);
  }

  private SlotState withBooking(Booked f) {
    Booking booking = new Booking(f.bookingId(), f.customerId(), f.seats(), f.idempotencyKey(), f.contact(), f.at(), null);
    return new SlotState(
        definition,
        capacity,
        adminClosed,
        bookedSeats + f.seats(),
        bookings.with(f.bookingId(), booking),
        f.idempotencyKey() == null ? bookingIdByKey : bookingIdByKey.with(f.idempotencyKey(), f.bookingId()),
        activeBookingIdByCustomer.with(f.customerId(), f.bookingId()));
  }

  private SlotState withCancellation(Cancelled f) {
    Optional<Booking> found = bookings.get(f.bookingId()).filter(Booking::isConfirmed);
    if (found.isEmpty()) return this;
    Booking booking = found.get();
    return new SlotState(
        definition,
        capacity,
        adminClosed,
        bookedSeats - booking.seats(),
        bookings.with(booking.bookingId(), booking.cancelled(f.at())),
        bookingIdByKey,
        activeBookingIdByCustomer.without(booking.customerId()));
  }

  /** The compact, serializable form saved as a snapshot: the indexes are rebuilt from the bookings on load. */
  public SlotSnapshot toSnapshot() {
    // No sorting: the order is irrelevant (the indexes are rebuilt).
    List<Booking> all = List.copyOf(bookings.asJava().values());
    return new SlotSnapshot(definition, capacity, adminClosed, all);
  }

  public static SlotState fromSnapshot(SlotSnapshot snapshot) {
    PersistentMap<String, Booking> bookings = PersistentMap.empty();
    PersistentMap<String, String> byKey = PersistentMap.empty();
    PersistentMap<String, String> byCustomer = PersistentMap.empty();
    int booked = 0;
    for (Booking b : snapshot.bookings()) {
      bookings = bookings.with(b.bookingId(), b);
      if (b.idempotencyKey() != null) byKey = byKey.with(b.idempotencyKey(), b.bookingId());
      if (b.isConfirmed()) {
        byCustomer = byCustomer.with(b.customerId(), b.bookingId());
        booked += b.seats();
      }
    }
    return new SlotState(snapshot.definition(), snapshot.capacity(), snapshot.adminClosed(), booked, bookings, byKey, byCustomer);
  }

  @Override
  public String toString() {
    return "SlotState[slotId=" + slotId() + ", capacity=" + capacity + ", booked=" + bookedSeats
        + ", adminClosed=" + adminClosed + ", bookings=" + (bookings == null ? 0 : bookings.size()) + "]";
  }
}
