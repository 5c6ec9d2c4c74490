package com.reservation.engine.slot.rules;

import akka.actor.typed.ActorRef;
import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.slot.api.Answer;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.GrantReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.Cancel;
import com.reservation.engine.slot.api.SlotCommand.ChangeSlot;
import com.reservation.engine.slot.api.SlotCommand.CheckGrant;
import com.reservation.engine.slot.api.SlotCommand.ConfirmHold;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.ExpireDue;
import com.reservation.engine.slot.api.SlotCommand.GetBooking;
import com.reservation.engine.slot.api.SlotCommand.GetEntry;
import com.reservation.engine.slot.api.SlotCommand.GetHold;
import com.reservation.engine.slot.api.SlotCommand.GetSlot;
import com.reservation.engine.slot.api.SlotCommand.JoinWaitlist;
import com.reservation.engine.slot.api.SlotCommand.LeaveWaitlist;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotCommand.ReleaseHold;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.api.SlotView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The slot's decisions as a pure function of (state, command, now): which facts to record and what
 * to answer. Kept apart from the actor so the invariants can be checked over random command
 * sequences without one. Rejections record no fact, so they cost no write. Holds and the waitlist
 * decide in {@link HoldRules} and {@link WaitlistRules}; what the slot does by itself (expiring
 * holds, offering freed seats) in {@link #decideBatch}.
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

    static Decision reject(Request command, RejectionReason reason, String message) {
      return answer(Answer.of(command.replyTo(), new Rejected(reason, message)));
    }

    static Decision invalid(Request command, String message) {
      return reject(command, RejectionReason.INVALID_REQUEST, message);
    }
  }

  /**
   * A customer allowance that a fact of the batch stopped using (a cancel, a hold's or an entry's
   * end).
   */
  public record EndedGrant(String customerId, String grantId) {}

  /**
   * A batch decided: the state after it, its facts in order (what one write records), the answers
   * due once they are durable (one per command, in order), and the allowances it ended.
   */
  public record Outcome(
      SlotState state,
      List<SlotFact> facts,
      List<Answer<?>> answers,
      List<EndedGrant> endedGrants,
      List<CustomerKeyRow> customerKeys) {}

  private final SlotSettings settings;
  private final Supplier<String> ids;
  private final HoldRules holds;
  private final WaitlistRules waitlist;

  public SlotRules(SlotSettings settings, Supplier<String> ids) {
    this.settings = settings;
    this.ids = ids;
    this.holds = new HoldRules(settings, ids);
    this.waitlist = new WaitlistRules(settings, ids);
  }

  /**
   * Decides a batch in order, as one write records it: first the slot's own work that is due at
   * {@code now} (holds reaching their expiry, freed seats offered to the waitlist), then each
   * command against the state the previous ones left, the slot's own work again after each command
   * that changed something. Within a batch {@code now} is one instant, so a confirm and the expiry
   * of its hold resolve one way only: expired if {@code now} reached {@code expiresAt}, confirmed
   * otherwise.
   */
  public Outcome decideBatch(SlotState state, List<Request> commands, Instant now) {
    Recorder recorder = new Recorder(state);
    housekeeping(recorder, now);
    List<Answer<?>> answers = new ArrayList<>(commands.size());
    List<CustomerKeyRow> customerKeys = new ArrayList<>(0);
    for (Request command : commands) {
      Decision decision = decide(recorder.state, command, now);
      answers.add(decision.answer());
      if (!decision.facts().isEmpty()) {
        for (SlotFact fact : decision.facts()) recorder.add(fact);
        housekeeping(recorder, now);
        // The command's contact data is recorded: its new key is written with it.
        if (command instanceof SlotCommand.CarriesNewKey c && c.newKey() != null)
          customerKeys.add(c.newKey());
      }
    }
    return new Outcome(recorder.state, recorder.facts, answers, recorder.ended, customerKeys);
  }

  public Decision decide(SlotState state, Request command, Instant now) {
    if (command.deadline() != null && !now.isBefore(command.deadline())) {
      return Decision.reject(
          command,
          RejectionReason.UNAVAILABLE,
          "The request waited past its deadline and nothing was decided; retry with the same Idempotency-Key.");
    }
    if (command instanceof DefineSlot c) return define(state, c, now);
    if (!state.isDefined())
      return Decision.reject(command, RejectionReason.UNKNOWN_SLOT, "No such slot.");
    if (command instanceof Book c) return book(state, c, now);
    if (command instanceof Cancel c) return cancel(state, c, now);
    if (command instanceof GetBooking c) return getBooking(state, c);
    if (command instanceof GetSlot c) return current(c.replyTo(), state, now, false);
    if (command instanceof ExpireDue c) return current(c.replyTo(), state, now, false);
    if (command instanceof PlaceHold c) return holds.hold(state, c, now);
    if (command instanceof ConfirmHold c) return holds.confirm(state, c, now);
    if (command instanceof ReleaseHold c) return holds.release(state, c, now);
    if (command instanceof GetHold c) return holds.get(state, c);
    if (command instanceof JoinWaitlist c) return waitlist.join(state, c, now);
    if (command instanceof LeaveWaitlist c) return waitlist.leave(state, c, now);
    if (command instanceof GetEntry c) return waitlist.get(state, c);
    if (command instanceof CheckGrant c) {
      return Decision.answer(
          Answer.of(
              c.replyTo(), new GrantReply.Status(state.usesGrant(c.customerId(), c.grantId()))));
    }
    if (command instanceof ChangeSlot c) return changeSlot(state, c, now);
    throw new IllegalArgumentException("unhandled command " + command.getClass());
  }

  /**
   * What the slot does by itself when {@code now} comes: expire the holds due, then offer freed
   * seats in line.
   */
  private void housekeeping(Recorder recorder, Instant now) {
    while (true) {
      Optional<SlotHolds.Expiry> next = recorder.state.holds().next();
      if (next.isEmpty() || next.get().at().isAfter(now)) break;
      int seats = recorder.state.holds().get(next.get().holdId()).map(Hold::seats).orElse(0);
      recorder.add(new SlotFact.HoldExpired(next.get().holdId(), next.get().at(), seats));
    }
    if (recorder.state.waitlist().waiting() == 0 || !recorder.state.isOpenAt(now)) return;
    Instant start = recorder.state.definition().startInstant();
    Instant offerEnds = now.plus(settings.holds().offerTtl());
    Instant expiresAt = offerEnds.isAfter(start) ? start : offerEnds;
    for (WaitlistEntry entry = WaitlistRules.nextToOffer(recorder.state);
        entry != null;
        entry = WaitlistRules.nextToOffer(recorder.state)) {
      recorder.add(new SlotFact.Offered(entry.entryId(), ids.get(), now, expiresAt, entry.seats()));
    }
  }

  private Decision define(SlotState state, DefineSlot command, Instant now) {
    SlotDefinition wanted = command.definition();
    if (wanted.capacity() < 1 || wanted.capacity() > settings.maxCapacity()) {
      return Decision.invalid(command, "capacity must be between 1 and " + settings.maxCapacity());
    }
    if (!wanted.end().isAfter(wanted.start()))
      return Decision.invalid(command, "a slot must end after it starts");
    if (!state.isDefined()) {
      SlotFact.Defined defined = new SlotFact.Defined(wanted);
      SlotView view = state.apply(defined).view(now);
      return Decision.record(
          defined, Answer.of(command.replyTo(), new SlotReply.Current(view, true)));
    }
    SlotDefinition existing = state.definition();
    boolean same =
        existing.start().equals(wanted.start())
            && existing.end().equals(wanted.end())
            && state.capacity() == wanted.capacity();
    if (same) return current(command.replyTo(), state, now, false);
    return Decision.reject(
        command,
        RejectionReason.DEFINITION_CONFLICT,
        "The slot exists with another length or capacity; change it with PATCH.");
  }

  private Decision book(SlotState state, Book command, Instant now) {
    Optional<Decision> refused =
        refusal(
            state,
            command.customerId(),
            command.seats(),
            command.idempotencyKey(),
            command,
            command.replyTo(),
            now);
    if (refused.isPresent()) return refused.get();
    SlotFact.Booked booked =
        new SlotFact.Booked(
            ids.get(),
            command.customerId(),
            command.seats(),
            command.idempotencyKey(),
            command.contact(),
            now,
            command.grantId());
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
    return Decision.record(
        booked, Answer.of(command.replyTo(), new BookingReply.Booking(view, true)));
  }

  /**
   * What a booking request gets instead of a new booking, if anything: invalid input, the earlier
   * outcome of an idempotent retry, or a refusal.
   */
  private Optional<Decision> refusal(
      SlotState state,
      String customerId,
      int seats,
      String idempotencyKey,
      Request command,
      ActorRef<BookingReply> replyTo,
      Instant now) {
    if (seats < 1 || seats > settings.maxSeatsPerBooking()) {
      return Optional.of(
          Decision.invalid(
              command, "seats must be between 1 and " + settings.maxSeatsPerBooking()));
    }
    if (customerId == null || customerId.isEmpty()) {
      return Optional.of(Decision.invalid(command, "customerId is required"));
    }
    // A retry is answered with the original outcome before anything else: the slot may be full or
    // closed by now.
    if (idempotencyKey != null) {
      Optional<Booking> earlier = state.bookingForKey(idempotencyKey);
      if (earlier.isPresent()) {
        Booking b = earlier.get();
        if (b.customerId().equals(customerId) && b.seats() == seats) {
          return Optional.of(booking(replyTo, b.view(state.slotId()), false));
        }
        return Optional.of(
            Decision.reject(
                command,
                RejectionReason.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used for a different booking request."));
      }
    }
    if (!state.isOpenAt(now)) {
      return Optional.of(
          Decision.reject(command, RejectionReason.SLOT_CLOSED, "The slot is closed for booking."));
    }
    if (state.hasAnythingActive(customerId)) return Optional.of(alreadyBooked(command));
    if (seats > state.available()) return Optional.of(full(command, state));
    return Optional.empty();
  }

  /**
   * The customer already has a booking, a hold or a waitlist entry here (the message does not say
   * which).
   */
  static Decision alreadyBooked(Request command) {
    return Decision.reject(
        command,
        RejectionReason.ALREADY_BOOKED,
        "This customer already holds a booking, a hold or a waitlist entry in this slot.");
  }

  static Decision full(Request command, SlotState state) {
    return Decision.reject(
        command,
        RejectionReason.SLOT_FULL,
        state.available() == 0
            ? "The slot is full."
            : "Only " + state.available() + " seat(s) left.");
  }

  private Decision cancel(SlotState state, Cancel command, Instant now) {
    Optional<Booking> found = state.booking(command.bookingId());
    if (found.isEmpty()) return unknownBooking(command);
    Booking booking = found.get();
    if (!booking.isConfirmed())
      return booking(command.replyTo(), booking.view(state.slotId()), false);
    SlotFact.Cancelled cancelled =
        new SlotFact.Cancelled(booking.bookingId(), booking.seats(), now);
    BookingView view = booking.cancelled(now).view(state.slotId());
    return Decision.record(
        cancelled, Answer.of(command.replyTo(), new BookingReply.Booking(view, true)));
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
        return Decision.invalid(
            command, "capacity must be between 1 and " + settings.maxCapacity());
      }
      int taken = state.bookedSeats() + state.heldSeats();
      if (capacity < taken) {
        return Decision.reject(
            command,
            RejectionReason.CAPACITY_BELOW_BOOKED,
            "Capacity "
                + capacity
                + " is below the "
                + state.bookedSeats()
                + " seat(s) already booked"
                + (state.heldSeats() > 0 ? " and " + state.heldSeats() + " held." : "."));
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
        List.copyOf(facts),
        Answer.of(command.replyTo(), new SlotReply.Current(after.view(now), true)));
  }

  private static Decision current(
      ActorRef<SlotReply> replyTo, SlotState state, Instant now, boolean changed) {
    return Decision.answer(Answer.of(replyTo, new SlotReply.Current(state.view(now), changed)));
  }

  static Decision booking(ActorRef<BookingReply> replyTo, BookingView view, boolean changed) {
    return Decision.answer(Answer.of(replyTo, new BookingReply.Booking(view, changed)));
  }

  private static Decision unknownBooking(Request command) {
    return Decision.reject(
        command, RejectionReason.UNKNOWN_BOOKING, "No such booking in this slot.");
  }

  /**
   * Applies the facts of a batch one by one as they are decided (each exactly once), and notes the
   * allowances they end, which only the state before the fact can tell.
   */
  private static final class Recorder {
    SlotState state;
    final List<SlotFact> facts = new ArrayList<>();
    final List<EndedGrant> ended = new ArrayList<>();

    Recorder(SlotState state) {
      this.state = state;
    }

    void add(SlotFact fact) {
      endedGrant(fact).ifPresent(ended::add);
      state = state.apply(fact);
      facts.add(fact);
    }

    private Optional<EndedGrant> endedGrant(SlotFact fact) {
      if (fact instanceof SlotFact.Cancelled f) {
        return state
            .booking(f.bookingId())
            .filter(Booking::isConfirmed)
            .flatMap(b -> grant(b.customerId(), b.grantId()));
      }
      String holdId =
          fact instanceof SlotFact.HoldReleased f
              ? f.holdId()
              : fact instanceof SlotFact.HoldExpired f ? f.holdId() : null;
      if (holdId != null) {
        return state
            .holds()
            .get(holdId)
            .filter(Hold::isHeld)
            .flatMap(h -> grant(h.customerId(), h.grantId()));
      }
      if (fact instanceof SlotFact.Left f) {
        return state
            .waitlist()
            .get(f.entryId())
            .filter(e -> e.status() == EntryStatus.WAITING)
            .flatMap(e -> grant(e.customerId(), e.grantId()));
      }
      return Optional.empty();
    }

    private static Optional<EndedGrant> grant(String customerId, String grantId) {
      return grantId == null ? Optional.empty() : Optional.of(new EndedGrant(customerId, grantId));
    }
  }
}
