package com.reservation.engine.slot.rules;

import akka.actor.typed.ActorRef;
import com.reservation.engine.slot.api.Answer;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.HoldView;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand.ConfirmHold;
import com.reservation.engine.slot.api.SlotCommand.GetHold;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotCommand.ReleaseHold;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.rules.SlotRules.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The slot's decisions about holds: place one (its seats count against capacity at once), confirm
 * it (its seats pass to a new booking), release it. Expiry is not decided here: the slot expires
 * due holds first in every batch ({@link SlotRules#decideBatch}), so a hold is confirmable exactly
 * while {@code now} is before its {@code expiresAt}.
 */
final class HoldRules {
  private final SlotSettings settings;
  private final Supplier<String> ids;

  HoldRules(SlotSettings settings, Supplier<String> ids) {
    this.settings = settings;
    this.ids = ids;
  }

  Decision hold(SlotState state, PlaceHold command, Instant now) {
    HoldSettings limits = settings.holds();
    if (command.seats() < 1 || command.seats() > settings.maxSeatsPerBooking()) {
      return Decision.invalid(
          command, "seats must be between 1 and " + settings.maxSeatsPerBooking());
    }
    if (command.customerId() == null || command.customerId().isEmpty()) {
      return Decision.invalid(command, "customerId is required");
    }
    Duration ttl = command.ttl() == null ? limits.defaultTtl() : command.ttl();
    if (ttl.compareTo(limits.minTtl()) < 0 || ttl.compareTo(limits.maxTtl()) > 0) {
      return Decision.invalid(
          command,
          "ttlSeconds must be between "
              + limits.minTtl().toSeconds()
              + " and "
              + limits.maxTtl().toSeconds());
    }
    if (command.idempotencyKey() != null) {
      Optional<Hold> earlier = state.holds().forKey(command.idempotencyKey());
      if (earlier.isPresent()) {
        Hold h = earlier.get();
        if (h.customerId().equals(command.customerId()) && h.seats() == command.seats()) {
          return current(command.replyTo(), h.view(state.slotId()), false);
        }
        return Decision.reject(
            command,
            RejectionReason.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used for a different hold request.");
      }
    }
    if (!state.isOpenAt(now))
      return Decision.reject(
          command, RejectionReason.SLOT_CLOSED, "The slot is closed for booking.");
    if (state.hasAnythingActive(command.customerId())) return SlotRules.alreadyBooked(command);
    if (command.seats() > state.available()) return SlotRules.full(command, state);
    // A hold never outlives the slot's start: confirming it then would book a slot that has begun.
    Instant start = state.definition().startInstant();
    Instant expiresAt = now.plus(ttl).isAfter(start) ? start : now.plus(ttl);
    SlotFact.Held held =
        new SlotFact.Held(
            ids.get(),
            command.customerId(),
            command.seats(),
            command.idempotencyKey(),
            command.contact(),
            now,
            expiresAt,
            command.grantId());
    HoldView view =
        new HoldView(
            held.holdId(),
            state.slotId(),
            held.customerId(),
            held.seats(),
            HoldStatus.HELD,
            now,
            expiresAt,
            null,
            null,
            held.contact());
    return Decision.record(held, Answer.of(command.replyTo(), new HoldReply.Current(view, true)));
  }

  /**
   * The first confirm makes the booking (201); a repeat answers the same booking (200), as it is
   * now. A hold that expired or was released is refused: its seats went back.
   */
  Decision confirm(SlotState state, ConfirmHold command, Instant now) {
    Optional<Hold> found = state.holds().get(command.holdId());
    if (found.isEmpty()) return unknownHold(command);
    Hold hold = found.get();
    return switch (hold.status()) {
      case CONFIRMED ->
          SlotRules.booking(
              command.replyTo(),
              state.booking(hold.bookingId()).orElseThrow().view(state.slotId()),
              false);
      case RELEASED -> expired(command, "The hold was released; its seats went back.");
      case EXPIRED ->
          expired(command, "The hold expired at " + hold.expiresAt() + "; its seats went back.");
      case HELD -> {
        if (!now.isBefore(hold.expiresAt())) {
          yield expired(
              command, "The hold expired at " + hold.expiresAt() + "; its seats went back.");
        }
        SlotFact.HoldConfirmed confirmed =
            new SlotFact.HoldConfirmed(
                hold.holdId(), ids.get(), now, hold.customerId(), hold.seats());
        BookingView view =
            new BookingView(
                confirmed.bookingId(),
                state.slotId(),
                hold.customerId(),
                hold.seats(),
                BookingStatus.CONFIRMED,
                now,
                null,
                hold.contact(),
                hold.holdId());
        yield Decision.record(
            confirmed, Answer.of(command.replyTo(), new BookingReply.Booking(view, true)));
      }
    };
  }

  /**
   * Releasing is idempotent; a hold that already expired is answered as it is (its seats are back
   * anyway).
   */
  Decision release(SlotState state, ReleaseHold command, Instant now) {
    Optional<Hold> found = state.holds().get(command.holdId());
    if (found.isEmpty()) return unknownHold(command);
    Hold hold = found.get();
    return switch (hold.status()) {
      case HELD -> {
        SlotFact.HoldReleased released =
            new SlotFact.HoldReleased(hold.holdId(), now, hold.seats());
        HoldView view = hold.ended(HoldStatus.RELEASED, null, now).view(state.slotId());
        yield Decision.record(
            released, Answer.of(command.replyTo(), new HoldReply.Current(view, true)));
      }
      case RELEASED, EXPIRED -> current(command.replyTo(), hold.view(state.slotId()), false);
      case CONFIRMED ->
          Decision.reject(
              command,
              RejectionReason.HOLD_CONFIRMED,
              "The hold was confirmed as a booking; cancel the booking to free its seats.");
    };
  }

  Decision get(SlotState state, GetHold command) {
    return state
        .holds()
        .get(command.holdId())
        .map(h -> current(command.replyTo(), h.view(state.slotId()), false))
        .orElseGet(() -> unknownHold(command));
  }

  private static Decision current(ActorRef<HoldReply> replyTo, HoldView view, boolean changed) {
    return Decision.answer(Answer.of(replyTo, new HoldReply.Current(view, changed)));
  }

  private static Decision expired(Request command, String message) {
    return Decision.reject(command, RejectionReason.HOLD_EXPIRED, message);
  }

  private static Decision unknownHold(Request command) {
    return Decision.reject(command, RejectionReason.UNKNOWN_HOLD, "No such hold in this slot.");
  }
}
