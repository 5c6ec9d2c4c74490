package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.Route;
import com.reservation.engine.HoldsAndWaitlists;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.slot.rules.HoldSettings;
import com.reservation.http.dto.BookingBody;
import com.reservation.http.dto.BookingResponse;
import com.reservation.http.dto.HoldBody;
import com.reservation.http.dto.HoldResponse;
import com.reservation.http.dto.WaitlistEntryResponse;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Holds and waitlists, each answered by the slot's entity like bookings (same checks before it is
 * asked: a well-formed slot id, a known venue, admission): {@code
 * /slots/{slotId}/holds[/{holdId}[/confirm]]} and {@code /slots/{slotId}/waitlist[/{entryId}]}.
 */
final class HoldRoutes {
  /**
   * Hold and entry ids are URL-safe base64 like booking ids; anything else names nothing, so no
   * entity is asked.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final HoldsAndWaitlists holds;
  private final SlotCalls calls;
  private final JsonBodies bodies;
  private final Replies replies;
  private final int maxSeats;
  private final HoldSettings holdSettings;

  private final RoomGate gate;

  HoldRoutes(
      HoldsAndWaitlists holds,
      int maxSeats,
      HoldSettings holdSettings,
      SlotCalls calls,
      RoomGate gate,
      JsonBodies bodies,
      Replies replies) {
    this.gate = gate;
    this.holds = holds;
    this.calls = calls;
    this.bodies = bodies;
    this.replies = replies;
    this.maxSeats = maxSeats;
    this.holdSettings = holdSettings;
  }

  Route route() {
    return pathPrefix(
        "slots",
        () ->
            pathPrefix(
                segment(),
                slotId ->
                    concat(
                        pathPrefix("holds", () -> holds(slotId)),
                        pathPrefix("waitlist", () -> waitlist(slotId)))));
  }

  private Route holds(String slotId) {
    return concat(
        pathEnd(() -> post(() -> hold(slotId))),
        pathPrefix(
            segment(),
            holdId ->
                concat(
                    pathEnd(
                        () ->
                            concat(
                                get(
                                    () ->
                                        about(
                                            slotId,
                                            holdId,
                                            () -> holds.getHold(slotId, holdId),
                                            this::holdView)),
                                delete(
                                    () ->
                                        about(
                                            slotId,
                                            holdId,
                                            () -> holds.release(slotId, holdId),
                                            this::holdView)))),
                    path(
                        "confirm",
                        () ->
                            post(
                                () ->
                                    about(
                                        slotId,
                                        holdId,
                                        () -> holds.confirm(slotId, holdId),
                                        this::confirmed))))));
  }

  private Route waitlist(String slotId) {
    return concat(
        pathEnd(() -> post(() -> join(slotId))),
        path(
            segment(),
            entryId ->
                concat(
                    get(
                        () ->
                            about(
                                slotId,
                                entryId,
                                () -> holds.getEntry(slotId, entryId),
                                this::entryView)),
                    delete(
                        () ->
                            about(
                                slotId,
                                entryId,
                                () -> holds.leave(slotId, entryId),
                                this::entryView)))));
  }

  private Route hold(String slotId) {
    return calls.slotId(
        slotId,
        slot ->
            optionalHeaderValueByName(
                "Idempotency-Key",
                key -> {
                  if (key.isPresent() && !SlotRoutes.isIdempotencyKey(key.get())) {
                    return replies.invalid(
                        "Idempotency-Key must be 1 to 64 visible ASCII characters.");
                  }
                  return bodies.body(
                      HoldBody.class,
                      body -> {
                        HoldBody.Valid hold =
                            body.validate(maxSeats, holdSettings.minTtl(), holdSettings.maxTtl());
                        return gate.admitted(
                            slot.venueId(),
                            hold.customerId(),
                            () ->
                                completeWithFuture(
                                    calls.seatCall(
                                        slotId,
                                        slot,
                                        target ->
                                            holds
                                                .hold(
                                                    target,
                                                    hold.customerId(),
                                                    hold.seats(),
                                                    hold.ttl(),
                                                    key.orElse(null),
                                                    hold.contact())
                                                .handle(this::held),
                                        refusal -> {})));
                      });
                }));
  }

  private Route join(String slotId) {
    return calls.slotId(
        slotId,
        slot ->
            bodies.body(
                BookingBody.class,
                body -> {
                  BookingBody.Valid entry = body.validate(maxSeats);
                  return gate.admitted(
                      slot.venueId(),
                      entry.customerId(),
                      () ->
                          completeWithFuture(
                              calls.seatCall(
                                  slotId,
                                  slot,
                                  target ->
                                      holds
                                          .join(
                                              target,
                                              entry.customerId(),
                                              entry.seats(),
                                              entry.contact())
                                          .handle(this::joined),
                                  refusal -> {})));
                }));
  }

  /** A request about one hold or entry: an id that cannot name one is 404 at once. */
  private <T> Route about(
      String slotId,
      String id,
      Supplier<CompletionStage<T>> ask,
      BiFunction<T, Throwable, HttpResponse> answer) {
    return calls.slotId(
        slotId,
        slot -> {
          if (!ID.matcher(id).matches()) {
            return complete(
                replies.problem(Problem.notFound("No such hold or waitlist entry in this slot.")));
          }
          return completeWithFuture(
              calls.call(slot, () -> ask.get().handle(answer), refusal -> {}));
        });
  }

  /** 201 with Location for the command that made the hold; 200 for an idempotent retry. */
  private HttpResponse held(HoldReply reply, Throwable failure) {
    if (failure != null) return replies.failure(failure);
    if (reply instanceof HoldReply.Current current) {
      HoldResponse body = HoldResponse.of(current.hold());
      if (!current.changed()) return Replies.ok(body);
      return Replies.json(StatusCodes.CREATED, body)
          .addHeader(Location.create("/slots/" + body.slotId() + "/holds/" + body.holdId()));
    }
    return replies.problem(Replies.problemFor((Rejected) reply));
  }

  private HttpResponse holdView(HoldReply reply, Throwable failure) {
    if (failure != null) return replies.failure(failure);
    if (reply instanceof HoldReply.Current current)
      return Replies.ok(HoldResponse.of(current.hold()));
    return replies.problem(Replies.problemFor((Rejected) reply));
  }

  /** 201 with the booking's Location the first time; 200 with the same booking on a repeat. */
  private HttpResponse confirmed(BookingReply reply, Throwable failure) {
    if (failure != null) return replies.failure(failure);
    if (reply instanceof BookingReply.Booking booking) {
      BookingResponse body = BookingResponse.of(booking.booking());
      if (!booking.changed()) return Replies.ok(body);
      return Replies.json(StatusCodes.CREATED, body)
          .addHeader(Location.create("/slots/" + body.slotId() + "/bookings/" + body.bookingId()));
    }
    return replies.problem(Replies.problemFor((Rejected) reply));
  }

  private HttpResponse joined(WaitlistReply reply, Throwable failure) {
    if (failure != null) return replies.failure(failure);
    if (reply instanceof WaitlistReply.Current current) {
      WaitlistEntryResponse body = WaitlistEntryResponse.of(current.entry());
      return Replies.json(StatusCodes.CREATED, body)
          .addHeader(Location.create("/slots/" + body.slotId() + "/waitlist/" + body.entryId()));
    }
    return replies.problem(Replies.problemFor((Rejected) reply));
  }

  private HttpResponse entryView(WaitlistReply reply, Throwable failure) {
    if (failure != null) return replies.failure(failure);
    if (reply instanceof WaitlistReply.Current current)
      return Replies.ok(WaitlistEntryResponse.of(current.entry()));
    return replies.problem(Replies.problemFor((Rejected) reply));
  }
}
