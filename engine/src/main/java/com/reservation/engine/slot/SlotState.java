package com.reservation.engine.slot;

import com.reservation.engine.slot.SlotEvent.BookingCancelled;
import com.reservation.engine.slot.SlotEvent.CapacityChanged;
import com.reservation.engine.slot.SlotEvent.SeatsBooked;
import com.reservation.engine.slot.SlotEvent.SlotClosed;
import com.reservation.engine.slot.SlotEvent.SlotDefined;
import com.reservation.engine.slot.SlotEvent.SlotOpened;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The immutable state of one slot. Every event yields a new state; the three indexes share structure between versions
 * so an event costs O(log n) however many bookings the slot holds. Event application never throws and never reads the
 * clock: the command side decided, the events record.
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

  public SlotState apply(SlotEvent event) {
    if (event instanceof SlotDefined e) {
      return new SlotState(
          e.definition(), e.definition().capacity(), false, 0, bookings, bookingIdByKey, activeBookingIdByCustomer);
    } else if (event instanceof CapacityChanged e) {
      return new SlotState(
          definition, e.capacity(), adminClosed, bookedSeats, bookings, bookingIdByKey, activeBookingIdByCustomer);
    } else if (event instanceof SlotClosed) {
      return new SlotState(
          definition, capacity, true, bookedSeats, bookings, bookingIdByKey, activeBookingIdByCustomer);
    } else if (event instanceof SlotOpened) {
      return new SlotState(
          definition, capacity, false, bookedSeats, bookings, bookingIdByKey, activeBookingIdByCustomer);
    } else if (event instanceof SeatsBooked e) {
      Booking booking =
          new Booking(e.bookingId(), e.customerId(), e.seats(), e.idempotencyKey(), e.contact(), e.bookedAt(), null);
      return new SlotState(
          definition,
          capacity,
          adminClosed,
          bookedSeats + e.seats(),
          bookings.with(e.bookingId(), booking),
          e.idempotencyKey() == null ? bookingIdByKey : bookingIdByKey.with(e.idempotencyKey(), e.bookingId()),
          activeBookingIdByCustomer.with(e.customerId(), e.bookingId()));
    } else if (event instanceof BookingCancelled e) {
      Optional<Booking> found = bookings.get(e.bookingId()).filter(Booking::isConfirmed);
      if (found.isEmpty()) return this;
      Booking booking = found.get();
      return new SlotState(
          definition,
          capacity,
          adminClosed,
          bookedSeats - booking.seats(),
          bookings.with(booking.bookingId(), booking.cancelled(e.cancelledAt())),
          bookingIdByKey,
          activeBookingIdByCustomer.without(booking.customerId()));
    }
    throw new IllegalArgumentException("unknown event " + event.getClass());
  }

  /** The compact, serializable form saved as a snapshot: the indexes are rebuilt from the bookings on load. */
  public SlotSnapshot toSnapshot() {
    // No sorting: the order is irrelevant (the indexes are rebuilt), and a hot slot's snapshot is on its write path.
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
}
