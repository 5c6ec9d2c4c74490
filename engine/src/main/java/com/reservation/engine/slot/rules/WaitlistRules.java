package com.reservation.engine.slot.rules;

import akka.actor.typed.ActorRef;
import com.reservation.engine.slot.api.Answer;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.EntryView;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand.GetEntry;
import com.reservation.engine.slot.api.SlotCommand.JoinWaitlist;
import com.reservation.engine.slot.api.SlotCommand.LeaveWaitlist;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.slot.rules.SlotRules.Decision;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The slot's decisions about its waitlist: join (only when the seats cannot be had now), leave,
 * look up. Offers are not commands: the slot makes them itself whenever seats are free and someone
 * in line fits ({@link #nextToOffer}, called from {@link SlotRules#decideBatch}).
 */
final class WaitlistRules {
  private final SlotSettings settings;
  private final Supplier<String> ids;

  WaitlistRules(SlotSettings settings, Supplier<String> ids) {
    this.settings = settings;
    this.ids = ids;
  }

  /**
   * The entry the free seats go to next, or null: the first in line if its seats fit; under the
   * first-fit policy the first whose seats fit, skipping larger ones.
   */
  static WaitlistEntry nextToOffer(SlotState state) {
    int free = state.available();
    if (free == 0) return null;
    Iterator<WaitlistEntry> line = state.waitlist().inLine();
    while (line.hasNext()) {
      WaitlistEntry entry = line.next();
      if (entry.seats() <= free) return entry;
      if (!state.waitlist().firstFit()) return null;
    }
    return null;
  }

  Decision join(SlotState state, JoinWaitlist command, Instant now) {
    if (command.seats() < 1 || command.seats() > settings.maxSeatsPerBooking()) {
      return Decision.invalid(
          command, "seats must be between 1 and " + settings.maxSeatsPerBooking());
    }
    if (command.customerId() == null || command.customerId().isEmpty()) {
      return Decision.invalid(command, "customerId is required");
    }
    if (!state.isOpenAt(now))
      return Decision.reject(
          command, RejectionReason.SLOT_CLOSED, "The slot is closed for booking.");
    if (state.hasAnythingActive(command.customerId())) return SlotRules.alreadyBooked(command);
    if (command.seats() <= state.available()) {
      return Decision.reject(
          command,
          RejectionReason.SEATS_AVAILABLE,
          "The seats can be booked now ("
              + state.available()
              + " available): book or hold them instead.");
    }
    if (state.waitlist().waiting() >= settings.holds().maxWaitlist()) {
      return Decision.reject(
          command,
          RejectionReason.WAITLIST_FULL,
          "The waitlist of this slot is full (" + state.waitlist().waiting() + ").");
    }
    SlotFact.Joined joined =
        new SlotFact.Joined(
            ids.get(),
            command.customerId(),
            command.seats(),
            command.contact(),
            now,
            command.grantId(),
            command.firstFit());
    EntryView view =
        new EntryView(
            joined.entryId(),
            state.slotId(),
            joined.customerId(),
            joined.seats(),
            EntryStatus.WAITING,
            state.waitlist().waiting() + 1,
            null,
            null,
            null,
            now,
            joined.contact());
    return Decision.record(
        joined, Answer.of(command.replyTo(), new WaitlistReply.Current(view, true)));
  }

  /**
   * A waiting entry leaves the line; an entry holding an offer leaves by releasing it (its seats
   * pass on). An entry that already ended is answered as it is.
   */
  Decision leave(SlotState state, LeaveWaitlist command, Instant now) {
    Optional<WaitlistEntry> found = state.waitlist().get(command.entryId());
    if (found.isEmpty()) return unknownEntry(command);
    WaitlistEntry entry = found.get();
    SlotFact fact =
        switch (entry.status()) {
          case WAITING -> new SlotFact.Left(entry.entryId(), now);
          case OFFERED -> new SlotFact.HoldReleased(entry.holdId(), now, entry.seats());
          default -> null;
        };
    if (fact == null) return current(command.replyTo(), state.view(entry), false);
    // Made from the entry, not looked up after the fact: a slot that keeps nothing of what ended
    // has already dropped it.
    EntryView view = state.view(entry.ended(EntryStatus.LEFT, null, now));
    return new Decision(
        List.of(fact), Answer.of(command.replyTo(), new WaitlistReply.Current(view, true)));
  }

  Decision get(SlotState state, GetEntry command) {
    return state
        .waitlist()
        .get(command.entryId())
        .map(e -> current(command.replyTo(), state.view(e), false))
        .orElseGet(() -> unknownEntry(command));
  }

  private static Decision current(
      ActorRef<WaitlistReply> replyTo, EntryView view, boolean changed) {
    return Decision.answer(Answer.of(replyTo, new WaitlistReply.Current(view, changed)));
  }

  private static Decision unknownEntry(Request command) {
    return Decision.reject(
        command, RejectionReason.UNKNOWN_ENTRY, "No such waitlist entry in this slot.");
  }
}
