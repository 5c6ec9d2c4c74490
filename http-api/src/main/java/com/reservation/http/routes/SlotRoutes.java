package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.Uri;
import com.reservation.engine.ReservationEngine;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.http.dto.BookingBody;
import com.reservation.http.dto.BookingResponse;
import com.reservation.http.metrics.HttpMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The public slot resources, each answered by the slot's entity: {@code GET /slots/{slotId}},
 * {@code POST /slots/{slotId}/bookings}, {@code GET} and {@code DELETE
 * /slots/{slotId}/bookings/{bookingId}}. The booking path is the hot one: no blocking, a cached
 * venue check, one atomic admission counter, one ask.
 */
final class SlotRoutes {
  /**
   * Booking ids are URL-safe base64; anything else cannot name a booking, so no entity is asked.
   */
  private static final Pattern BOOKING_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ReservationEngine engine;
  private final SlotCalls calls;
  private final JsonBodies bodies;
  private final Replies replies;
  private final HttpMetrics metrics;
  private final int maxSeats;
  private final RoomGate gate;

  SlotRoutes(
      ReservationEngine engine,
      SlotCalls calls,
      RoomGate gate,
      JsonBodies bodies,
      Replies replies,
      HttpMetrics metrics) {
    this.gate = gate;
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
    return calls.slotId(slotId, slot -> completeWithFuture(slot(slot, slotId)));
  }

  /** The answer to {@code GET /slots/{slotId}} for a well-formed id. */
  CompletionStage<HttpResponse> slot(SlotId.Parts slot, String slotId) {
    return calls.call(
        slot, () -> engine.getSlot(slotId).handle(replies::slot), SlotCalls.UNCOUNTED);
  }

  /** 1..64 visible ASCII characters ({@code [\x21-\x7E]{1,64}}). */
  static boolean isIdempotencyKey(String key) {
    int length = key.length();
    if (length < 1 || length > 64) return false;
    for (int i = 0; i < length; i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7E) return false;
    }
    return true;
  }

  private Route book(String slotId) {
    return calls.slotId(
        slotId,
        slot ->
            optionalHeaderValueByName(
                "Idempotency-Key",
                key -> {
                  if (key.isPresent() && !isIdempotencyKey(key.get())) {
                    return replies.invalid(
                        "Idempotency-Key must be 1 to 64 visible ASCII characters.");
                  }
                  return bodies.body(
                      BookingBody.class,
                      body -> {
                        BookingBody.Valid booking = body.validate(maxSeats);
                        return gate.admitted(
                            slot.venueId(),
                            booking.customerId(),
                            () -> completeWithFuture(book(slot, slotId, key, booking)));
                      });
                }));
  }

  private CompletionStage<HttpResponse> book(
      SlotId.Parts slot, String slotId, Optional<String> key, BookingBody.Valid booking) {
    return calls.seatCall(
        slotId,
        slot,
        target ->
            engine
                .book(
                    target,
                    booking.customerId(),
                    booking.seats(),
                    key.orElse(null),
                    booking.contact())
                .handle(this::bookingOutcome),
        metrics::booking);
  }

  /**
   * 201 only for the command that stored the booking; its idempotent retries get 200 and the same
   * booking.
   */
  private HttpResponse bookingOutcome(BookingReply reply, Throwable failure) {
    if (failure != null) {
      Problem problem = Replies.problemFor(failure);
      metrics.booking(problem.code());
      return replies.problem(problem);
    }
    if (reply instanceof BookingReply.Booking booking) {
      metrics.booking(booking.changed() ? "created" : "replayed");
      BookingResponse body = BookingResponse.of(booking.booking());
      if (!booking.changed()) return Replies.json(StatusCodes.OK, body.toJsonBytes());
      return Replies.json(StatusCodes.CREATED, body.toJsonBytes())
          .addHeader(location(body.slotId(), body.bookingId()));
    }
    Replies.Refusal refusal = replies.refusal((Rejected) reply);
    metrics.booking(refusal.code());
    return refusal.response();
  }

  /**
   * {@code Location: /slots/{slotId}/bookings/{bookingId}}. {@code Location.create} of the String
   * would run the full URI parser on every booking; a path-only URI from the plain path splitter is
   * the same value (ids need no escaping).
   */
  static Location location(String slotId, String bookingId) {
    Uri.Path path =
        Uri.Path$.MODULE$.apply(
            "/slots/" + slotId + "/bookings/" + bookingId, StandardCharsets.UTF_8);
    return new akka.http.scaladsl.model.headers.Location(Uri.Empty$.MODULE$.withPath(path));
  }

  private Route getBooking(String slotId, String bookingId) {
    return bookingRequest(slotId, bookingId, () -> engine.getBooking(slotId, bookingId));
  }

  /**
   * Cancelling is idempotent: the first and every later cancel answer 200 with the cancelled
   * booking.
   */
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
              calls.call(slot, () -> ask.get().handle(this::bookingView), SlotCalls.UNCOUNTED));
        });
  }

  private HttpResponse bookingView(BookingReply reply, Throwable failure) {
    if (failure != null) return replies.failure(failure);
    if (reply instanceof BookingReply.Booking booking) {
      return Replies.json(StatusCodes.OK, BookingResponse.of(booking.booking()).toJsonBytes());
    }
    return replies.refusal((Rejected) reply).response();
  }
}
