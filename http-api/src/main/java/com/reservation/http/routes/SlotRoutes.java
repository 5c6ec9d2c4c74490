package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.Route;
import com.reservation.engine.ReservationEngine;
import com.reservation.engine.slot.BookingReply;
import com.reservation.engine.slot.Rejected;
import com.reservation.engine.slot.SlotId;
import com.reservation.http.dto.BookingBody;
import com.reservation.http.dto.BookingResponse;
import com.reservation.http.metrics.HttpMetrics;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The public slot resources, each answered by the slot's entity: {@code GET /slots/{slotId}}, {@code POST
 * /slots/{slotId}/bookings}, {@code GET} and {@code DELETE /slots/{slotId}/bookings/{bookingId}}. The booking path is
 * the hot one: no blocking, a cached venue check, one atomic admission counter, one ask.
 */
final class SlotRoutes {
  /** 1..64 visible ASCII characters. */
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,64}");
  /** Booking ids are URL-safe base64; anything else cannot name a booking, so no entity is asked. */
  private static final Pattern BOOKING_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ReservationEngine engine;
  private final SlotCalls calls;
  private final JsonBodies bodies;
  private final Replies replies;
  private final HttpMetrics metrics;
  private final int maxSeats;

  SlotRoutes(ReservationEngine engine, SlotCalls calls, JsonBodies bodies, Replies replies, HttpMetrics metrics) {
    this.engine = engine;
    this.calls = calls;
    this.bodies = bodies;
    this.replies = replies;
    this.metrics = metrics;
    this.maxSeats = engine.settings().slot().maxSeatsPerBooking();
  }

  Route route() {
    return pathPrefix(
        "slots",
        () ->
            pathPrefix(
                segment(),
                slotId ->
                    concat(
                        pathEnd(() -> get(() -> getSlot(slotId))),
                        pathPrefix(
                            "bookings",
                            () ->
                                concat(
                                    pathEnd(() -> post(() -> book(slotId))),
                                    path(
                                        segment(),
                                        bookingId ->
                                            concat(
                                                get(() -> getBooking(slotId, bookingId)),
                                                delete(() -> cancel(slotId, bookingId)))))))));
  }

  private Route getSlot(String slotId) {
    return calls.slotId(
        slotId,
        slot ->
            completeWithFuture(
                calls.call(
                    slot,
                    () -> engine.getSlot(slotId).handle(replies::slot),
                    refusal -> {})));
  }

  private Route book(String slotId) {
    return calls.slotId(
        slotId,
        slot ->
            optionalHeaderValueByName(
                "Idempotency-Key",
                key -> {
                  if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
                    return replies.invalid("Idempotency-Key must be 1 to 64 visible ASCII characters.");
                  }
                  return bodies.body(
                      BookingBody.class,
                      body -> {
                        BookingBody.Valid booking = body.validate(maxSeats);
                        return completeWithFuture(book(slot, slotId, key, booking));
                      });
                }));
  }

  private CompletionStage<HttpResponse> book(
      SlotId.Parts slot, String slotId, Optional<String> key, BookingBody.Valid booking) {
    return calls.call(
        slot,
        () ->
            engine
                .book(slotId, booking.customerId(), booking.seats(), key.orElse(null), booking.contact())
                .handle(this::bookingOutcome),
        metrics::booking);
  }

  /** 201 only for the command that stored the booking; its idempotent retries get 200 and the same booking. */
  private HttpResponse bookingOutcome(BookingReply reply, Throwable failure) {
    if (failure != null) {
      Problem problem = Replies.problemFor(failure);
      metrics.booking(problem.code());
      return replies.problem(problem);
    }
    if (reply instanceof BookingReply.Booking booking) {
      metrics.booking(booking.changed() ? "created" : "replayed");
      BookingResponse body = BookingResponse.of(booking.booking());
      if (!booking.changed()) return Replies.ok(body);
      return Replies.json(StatusCodes.CREATED, body)
          .addHeader(Location.create("/slots/" + body.slotId() + "/bookings/" + body.bookingId()));
    }
    Problem problem = Replies.problemFor((Rejected) reply);
    metrics.booking(problem.code());
    return replies.problem(problem);
  }

  private Route getBooking(String slotId, String bookingId) {
    return bookingRequest(slotId, bookingId, () -> engine.getBooking(slotId, bookingId));
  }

  /** Cancelling is idempotent: the first and every later cancel answer 200 with the cancelled booking. */
  private Route cancel(String slotId, String bookingId) {
    return bookingRequest(slotId, bookingId, () -> engine.cancel(slotId, bookingId));
  }

  private Route bookingRequest(
      String slotId, String bookingId, Supplier<CompletionStage<BookingReply>> ask) {
    return calls.slotId(
        slotId,
        slot -> {
          if (!BOOKING_ID.matcher(bookingId).matches()) {
            return complete(replies.problem(Problem.notFound("No such booking in this slot.")));
          }
          return completeWithFuture(
              calls.call(slot, () -> ask.get().handle(this::bookingView), refusal -> {}));
        });
  }

  private HttpResponse bookingView(BookingReply reply, Throwable failure) {
    if (failure != null) return replies.failure(failure);
    if (reply instanceof BookingReply.Booking booking) return Replies.ok(BookingResponse.of(booking.booking()));
    return replies.problem(Replies.problemFor((Rejected) reply));
  }
}
