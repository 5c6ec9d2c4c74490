package com.reservation.engine.slot;

import akka.actor.typed.ActorRef;
import com.reservation.engine.slot.SlotCommand.Book;
import com.reservation.engine.slot.SlotCommand.Cancel;
import com.reservation.engine.slot.SlotCommand.ChangeSlot;
import com.reservation.engine.slot.SlotCommand.DefineSlot;
import com.reservation.engine.slot.SlotCommand.GetBooking;
import com.reservation.engine.slot.SlotCommand.GetSlot;
import com.reservation.engine.slot.SlotCommand.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The slot's decisions as a pure function of (state, command, now): which facts to record and what to answer.
 * Kept apart from the actor so the invariants can be checked over random command sequences without one.
 * Rejections record no fact, so they cost no write.
 */
public final class SlotRules {

  /** Facts to record (possibly none) and the answer due once they are durable. */
  public record Decision(List<SlotFact> facts, Answer<?> answer) {
    static Decision answer(Answer<?> answer) {
      return new Decision(List.of(), answer);
    }

    static Decision record(SlotFact fact, Answer<?> answer) {
      return new Decision(List.of(fact), answer);
    }
  }

  private final SlotSettings settings;
  private final Supplier<String> bookingIds;

  public SlotRules(SlotSettings settings, Supplier<String> bookingIds) {
    this.settings = settings;
    this.bookingIds = bookingIds;
  }

  public Decision decide(SlotState state, Request command, Instant now) {
    if (command.deadline() != null && !now.isBefore(command.deadline())) {
      return reject(
          command,
          RejectionReason.UNAVAILABLE,
          "The request waited past its deadline and nothing was decided; retry with the same Idempotency-Key.");
    }
    if (command instanceof DefineSlot c) return define(state, c, now);
    if (!state.isDefined()) return reject(command, RejectionReason.UNKNOWN_SLOT, "No such slot.");
    if (command instanceof Book c) return book(state, c, now);
    if (command instanceof Cancel c) return cancel(state, c, now);
    if (command instanceof GetBooking c) return getBooking(state, c);
    if (command instanceof GetSlot c) return current(c.replyTo(), state, now, false);
    if (command instanceof ChangeSlot c) return changeSlot(state, c, now);
    throw new IllegalArgumentException("unhandled command " + command.getClass());
  }

  private Decision define(SlotState state, DefineSlot command, Instant now) {
    SlotDefinition wanted = command.definition();
    if (wanted.capacity() < 1 || wanted.capacity() > settings.maxCapacity()) {
      return invalid(command, "capacity must be between 1 and " + settings.maxCapacity());
    }
    if (!wanted.end().isAfter(wanted.start())) return invalid(command, "a slot must end after it starts");
    if (!state.isDefined()) {
      SlotFact.Defined defined = new SlotFact.Defined(wanted);
      SlotView view = state.apply(defined).view(now);
      return Decision.record(defined, Answer.of(command.replyTo(), new SlotReply.Current(view, true)));
    }
    SlotDefinition existing = state.definition();
    boolean same =
        existing.start().equals(wanted.start())
            && existing.end().equals(wanted.end())
            && state.capacity() == wanted.capacity();
    if (same) return current(command.replyTo(), state, now, false);
    return reject(
        command,
        RejectionReason.DEFINITION_CONFLICT,
        "The slot exists with another length or capacity; change it with PATCH.");
  }

  private Decision book(SlotState state, Book command, Instant now) {
    if (command.seats() < 1 || command.seats() > settings.maxSeatsPerBooking()) {
      return invalid(command, "seats must be between 1 and " + settings.maxSeatsPerBooking());
    }
    if (command.customerId() == null || command.customerId().isEmpty()) {
      return invalid(command, "customerId is required");
    }
    // A retry is answered with the original outcome before anything else: the slot may be full or closed by now.
    if (command.idempotencyKey() != null) {
      Optional<Booking> earlier = state.bookingForKey(command.idempotencyKey());
      if (earlier.isPresent()) {
        Booking b = earlier.get();
        if (b.customerId().equals(command.customerId()) && b.seats() == command.seats()) {
          return booking(command.replyTo(), b.view(state.slotId()), false);
        }
        return reject(
            command,
            RejectionReason.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used for a different booking request.");
      }
    }
    if (!state.isOpenAt(now)) return reject(command, RejectionReason.SLOT_CLOSED, "The slot is closed for booking.");
    if (state.hasActiveBooking(command.customerId())) {
      return reject(command, RejectionReason.ALREADY_BOOKED, "This customer already holds a booking in this slot.");
    }
    if (state.bookedSeats() + command.seats() > state.capacity()) {
      return reject(
          command,
          RejectionReason.SLOT_FULL,
          state.available() == 0 ? "The slot is full." : "Only " + state.available() + " seat(s) left.");
    }
    SlotFact.Booked booked =
        new SlotFact.Booked(
            bookingIds.get(), command.customerId(), command.seats(), command.idempotencyKey(), command.contact(), now);
    BookingView view =
        new BookingView(
            booked.bookingId(),
            state.slotId(),
            booked.customerId(),
            booked.seats(),
            BookingStatus.CONFIRMED,
            now,
            null,
            booked.contact());
    return Decision.record(booked, Answer.of(command.replyTo(), new BookingReply.Booking(view, true)));
  }

  private Decision cancel(SlotState state, Cancel command, Instant now) {
    Optional<Booking> found = state.booking(command.bookingId());
    if (found.isEmpty()) return unknownBooking(command);
    Booking booking = found.get();
    if (!booking.isConfirmed()) return booking(command.replyTo(), booking.view(state.slotId()), false);
    SlotFact.Cancelled cancelled = new SlotFact.Cancelled(booking.bookingId(), booking.seats(), now);
    BookingView view = booking.cancelled(now).view(state.slotId());
    return Decision.record(cancelled, Answer.of(command.replyTo(), new BookingReply.Booking(view, true)));
  }

  private Decision getBooking(SlotState state, GetBooking command) {
    return state
        .booking(command.bookingId())
        .map(b -> booking(command.replyTo(), b.view(state.slotId()), false))
        .orElseGet(() -> unknownBooking(command));
  }

  private Decision changeSlot(SlotState state, ChangeSlot command, Instant now) {
    List<SlotFact> facts = new ArrayList<>(2);
    if (command.capacity() != null) {
      int capacity = command.capacity();
      if (capacity < 1 || capacity > settings.maxCapacity()) {
        return invalid(command, "capacity must be between 1 and " + settings.maxCapacity());
      }
      if (capacity < state.bookedSeats()) {
        return reject(
            command,
            RejectionReason.CAPACITY_BELOW_BOOKED,
            "Capacity " + capacity + " is below the " + state.bookedSeats() + " seat(s) already booked.");
      }
      if (capacity != state.capacity()) facts.add(new SlotFact.CapacitySet(capacity));
    }
    if (command.status() != null) {
      boolean close = command.status() == SlotStatus.CLOSED;
      if (close != state.adminClosed()) facts.add(new SlotFact.ClosedSet(close));
    }
    if (facts.isEmpty()) return current(command.replyTo(), state, now, false);
    SlotState after = state;
    for (SlotFact fact : facts) after = after.apply(fact);
    return new Decision(
        List.copyOf(facts), Answer.of(command.replyTo(), new SlotReply.Current(after.view(now), true)));
  }

  private static Decision current(
      ActorRef<SlotReply> replyTo, SlotState state, Instant now, boolean changed) {
    return Decision.answer(Answer.of(replyTo, new SlotReply.Current(state.view(now), changed)));
  }

  private static Decision booking(ActorRef<BookingReply> replyTo, BookingView view, boolean changed) {
    return Decision.answer(Answer.of(replyTo, new BookingReply.Booking(view, changed)));
  }

  private static Decision reject(Request command, RejectionReason reason, String message) {
    return Decision.answer(Answer.of(command.replyTo(), new Rejected(reason, message)));
  }

  private static Decision invalid(Request command, String message) {
    return reject(command, RejectionReason.INVALID_REQUEST, message);
  }

  private static Decision unknownBooking(Request command) {
    return reject(command, RejectionReason.UNKNOWN_BOOKING, "No such booking in this slot.");
  }
}
