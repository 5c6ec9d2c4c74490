package com.reservation.engine.slot;

import com.reservation.engine.slot.SlotCommand.Book;
import com.reservation.engine.slot.SlotCommand.Cancel;
import com.reservation.engine.slot.SlotCommand.ChangeCapacity;
import com.reservation.engine.slot.SlotCommand.ChangeStatus;
import com.reservation.engine.slot.SlotCommand.DefineSlot;
import com.reservation.engine.slot.SlotCommand.GetBooking;
import com.reservation.engine.slot.SlotCommand.GetSlot;
import com.reservation.engine.slot.SlotCommand.Request;
import com.reservation.engine.slot.SlotEvent.BookingCancelled;
import com.reservation.engine.slot.SlotEvent.CapacityChanged;
import com.reservation.engine.slot.SlotEvent.SeatsBooked;
import com.reservation.engine.slot.SlotEvent.SlotClosed;
import com.reservation.engine.slot.SlotEvent.SlotDefined;
import com.reservation.engine.slot.SlotEvent.SlotOpened;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The slot's decisions as a pure function of (state, command, now): which events to record and what to answer.
 * Kept apart from the actor so the invariants can be checked over random command sequences without one.
 * Rejections produce no events, so they cost no write.
 */
public final class SlotRules {

  /** Events to persist (possibly none) and the reply due once they are durable. */
  public record Decision(List<SlotEvent> events, Object reply) {
    static Decision reply(Object reply) {
      return new Decision(List.of(), reply);
    }

    static Decision record(SlotEvent event, Object reply) {
      return new Decision(List.of(event), reply);
    }
  }

  private final SlotSettings settings;
  private final Supplier<String> bookingIds;

  public SlotRules(SlotSettings settings, Supplier<String> bookingIds) {
    this.settings = settings;
    this.bookingIds = bookingIds;
  }

  public Decision decide(SlotState state, Request command, Instant now) {
    if (command instanceof DefineSlot c) return define(state, c, now);
    if (!state.isDefined()) return Decision.reply(unknownSlot(command));
    if (command instanceof Book c) return book(state, c, now);
    if (command instanceof Cancel c) return cancel(state, c, now);
    if (command instanceof GetBooking c) return getBooking(state, c);
    if (command instanceof GetSlot) return Decision.reply(new SlotReply.Current(state.view(now), false));
    if (command instanceof ChangeCapacity c) return changeCapacity(state, c, now);
    if (command instanceof ChangeStatus c) return changeStatus(state, c, now);
    throw new IllegalArgumentException("unhandled command " + command.getClass());
  }

  private static Rejected unknownSlot(Request command) {
    return new Rejected(RejectionReason.UNKNOWN_SLOT, "No such slot.");
  }

  private Decision define(SlotState state, DefineSlot command, Instant now) {
    SlotDefinition wanted = command.definition();
    if (wanted.capacity() < 1 || wanted.capacity() > settings.maxCapacity()) {
      return Decision.reply(invalid("capacity must be between 1 and " + settings.maxCapacity()));
    }
    if (!wanted.end().isAfter(wanted.start())) {
      return Decision.reply(invalid("a slot must end after it starts"));
    }
    if (!state.isDefined()) {
      SlotState next = state.apply(new SlotDefined(wanted));
      return Decision.record(new SlotDefined(wanted), new SlotReply.Current(next.view(now), true));
    }
    SlotDefinition existing = state.definition();
    boolean same =
        existing.start().equals(wanted.start())
            && existing.end().equals(wanted.end())
            && state.capacity() == wanted.capacity();
    if (same) return Decision.reply(new SlotReply.Current(state.view(now), false));
    return Decision.reply(
        new Rejected(
            RejectionReason.DEFINITION_CONFLICT,
            "The slot exists with another length or capacity; change it with PATCH."));
  }

  private Decision book(SlotState state, Book command, Instant now) {
    if (command.seats() < 1 || command.seats() > settings.maxSeatsPerBooking()) {
      return Decision.reply(invalid("seats must be between 1 and " + settings.maxSeatsPerBooking()));
    }
    if (command.customerId() == null || command.customerId().isEmpty()) {
      return Decision.reply(invalid("customerId is required"));
    }
    // A retry is answered with the original outcome before anything else: the slot may be full or closed by now.
    if (command.idempotencyKey() != null) {
      Optional<Booking> earlier = state.bookingForKey(command.idempotencyKey());
      if (earlier.isPresent()) {
        Booking b = earlier.get();
        if (b.customerId().equals(command.customerId()) && b.seats() == command.seats()) {
          return Decision.reply(new BookingReply.Booking(b.view(state.slotId()), false));
        }
        return Decision.reply(
            new Rejected(
                RejectionReason.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used for a different booking request."));
      }
    }
    if (!state.isOpenAt(now)) {
      return Decision.reply(new Rejected(RejectionReason.SLOT_CLOSED, "The slot is closed for booking."));
    }
    if (state.hasActiveBooking(command.customerId())) {
      return Decision.reply(
          new Rejected(RejectionReason.ALREADY_BOOKED, "This customer already holds a booking in this slot."));
    }
    if (state.bookedSeats() + command.seats() > state.capacity()) {
      return Decision.reply(
          new Rejected(
              RejectionReason.SLOT_FULL,
              state.available() == 0
                  ? "The slot is full."
                  : "Only " + state.available() + " seat(s) left."));
    }
    SeatsBooked event =
        new SeatsBooked(
            state.slotId(),
            bookingIds.get(),
            command.customerId(),
            command.seats(),
            command.idempotencyKey(),
            command.contact(),
            now);
    Booking booking = state.apply(event).booking(event.bookingId()).orElseThrow();
    return Decision.record(event, new BookingReply.Booking(booking.view(state.slotId()), true));
  }

  private Decision cancel(SlotState state, Cancel command, Instant now) {
    Optional<Booking> found = state.booking(command.bookingId());
    if (found.isEmpty()) return Decision.reply(unknownBooking());
    Booking booking = found.get();
    if (!booking.isConfirmed()) {
      return Decision.reply(new BookingReply.Booking(booking.view(state.slotId()), false));
    }
    BookingCancelled event = new BookingCancelled(state.slotId(), booking.bookingId(), booking.seats(), now);
    return Decision.record(event, new BookingReply.Booking(booking.cancelled(now).view(state.slotId()), true));
  }

  private Decision getBooking(SlotState state, GetBooking command) {
    return state
        .booking(command.bookingId())
        .map(b -> Decision.reply(new BookingReply.Booking(b.view(state.slotId()), false)))
        .orElseGet(() -> Decision.reply(unknownBooking()));
  }

  private Decision changeCapacity(SlotState state, ChangeCapacity command, Instant now) {
    int capacity = command.capacity();
    if (capacity < 1 || capacity > settings.maxCapacity()) {
      return Decision.reply(invalid("capacity must be between 1 and " + settings.maxCapacity()));
    }
    if (capacity < state.bookedSeats()) {
      return Decision.reply(
          new Rejected(
              RejectionReason.CAPACITY_BELOW_BOOKED,
              "Capacity " + capacity + " is below the " + state.bookedSeats() + " seat(s) already booked."));
    }
    if (capacity == state.capacity()) return Decision.reply(new SlotReply.Current(state.view(now), false));
    CapacityChanged event = new CapacityChanged(state.slotId(), capacity);
    return Decision.record(event, new SlotReply.Current(state.apply(event).view(now), true));
  }

  private Decision changeStatus(SlotState state, ChangeStatus command, Instant now) {
    boolean close = command.status() == SlotStatus.CLOSED;
    if (close == state.adminClosed()) return Decision.reply(new SlotReply.Current(state.view(now), false));
    SlotEvent event = close ? new SlotClosed(state.slotId()) : new SlotOpened(state.slotId());
    return Decision.record(event, new SlotReply.Current(state.apply(event).view(now), true));
  }

  private static Rejected invalid(String message) {
    return new Rejected(RejectionReason.INVALID_REQUEST, message);
  }

  private static Rejected unknownBooking() {
    return new Rejected(RejectionReason.UNKNOWN_BOOKING, "No such booking in this slot.");
  }
}
