package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.complete;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.store.Jdbc;
import com.reservation.http.dto.Json;
import com.reservation.http.dto.SlotResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the engine's answers into HTTP responses: bodies as JSON, refusals as the contract's
 * problem types, failures as 503 (the outcome is unknown: a timeout or a store failure) or 500 (a
 * bug, logged with a reference the client sees; never a stack trace in a body).
 */
final class Replies {
  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  /**
   * Distinct refusals whose responses are kept; the engine's refusal messages are a small fixed
   * set.
   */
  static final int MAX_REFUSALS = 256;

  /** An engine refusal as answered: its problem code (for metrics) and its response, made once. */
  record Refusal(String code, HttpResponse response) {}

  private final int retryAfterSeconds;
  private final ConcurrentHashMap<Rejected, Refusal> refusals = new ConcurrentHashMap<>();

  Replies(int retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static HttpResponse json(StatusCode status, Object body) {
    return json(status, Json.bytes(body));
  }

  /** A JSON response around bytes nobody writes to again (they are not copied). */
  static HttpResponse json(StatusCode status, byte[] body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(
            HttpEntities.create(ContentTypes.APPLICATION_JSON, ByteString.fromArrayUnsafe(body)));
  }

  static HttpResponse ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  /** The problem response, with {@code Retry-After} when it is a 503. */
  HttpResponse problem(Problem problem) {
    return problem.status() == 503 ? problem.toResponse(retryAfterSeconds) : problem.toResponse();
  }

  /**
   * The answer to an engine refusal. Refusals repeat (every 409 of a full slot is the same one), so
   * each distinct refusal's body is written once and its immutable response shared; past {@link
   * #MAX_REFUSALS} distinct ones (e.g. many "Only n seat(s) left." counts) the rest are written per
   * request, as before.
   */
  Refusal refusal(Rejected rejected) {
    Refusal known = refusals.get(rejected);
    if (known != null) return known;
    Problem problem = problemFor(rejected);
    Refusal made = new Refusal(problem.code(), problem(problem));
    if (refusals.size() < MAX_REFUSALS) refusals.putIfAbsent(rejected, made);
    return made;
  }

  /** The contract's problem for an engine refusal. */
  static Problem problemFor(Rejected rejected) {
    String message = rejected.message();
    return switch (rejected.reason()) {
      case SLOT_FULL -> Problem.of(409, "slot-full", "Slot full", message);
      case ALREADY_BOOKED -> Problem.of(409, "already-booked", "Already booked", message);
      case SLOT_CLOSED -> Problem.of(409, "slot-closed", "Slot closed", message);
      case CAPACITY_BELOW_BOOKED ->
          Problem.of(409, "capacity-below-booked", "Capacity below booked seats", message);
      case DEFINITION_CONFLICT -> Problem.of(409, "conflict", "Conflict", message);
      case IDEMPOTENCY_KEY_REUSED ->
          Problem.of(422, "idempotency-key-reused", "Idempotency key reused", message);
      case UNKNOWN_SLOT, UNKNOWN_BOOKING, UNKNOWN_HOLD, UNKNOWN_ENTRY -> Problem.notFound(message);
      case HOLD_EXPIRED -> Problem.of(409, "hold-expired", "Hold expired", message);
      case HOLD_CONFIRMED -> Problem.of(409, "conflict", "Conflict", message);
      case SEATS_AVAILABLE -> Problem.of(409, "seats-available", "Seats available", message);
      case WAITLIST_FULL -> Problem.of(409, "waitlist-full", "Waitlist full", message);
      case CUSTOMER_LIMIT_REACHED ->
          Problem.of(409, "customer-limit-reached", "Customer limit reached", message);
      case INVALID_REQUEST -> Problem.invalid(message);
      case OVERLOADED -> Problem.of(503, "overloaded", "Overloaded", message);
      case UNAVAILABLE -> Problem.unavailable(message);
    };
  }

  /**
   * The problem for a failed call. A timeout or a store failure means the outcome is unknown (503,
   * retry with the same Idempotency-Key); anything else is a bug: logged in full with a reference,
   * shown as that reference only.
   */
  static Problem problemFor(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof TimeoutException) {
      return Problem.unavailable(
          "The slot did not answer in time; the outcome is unknown. Retry with the same Idempotency-Key.");
    }
    if (cause instanceof java.util.concurrent.RejectedExecutionException) {
      // The JDBC executor is full (store slow or a flood): refuse like admission does, the store
      // may be fine.
      return Problem.overloaded();
    }
    if (cause instanceof Jdbc.StoreException) {
      return Problem.unavailable("The store is unavailable; retry shortly.");
    }
    String reference = reference();
    log.error("Unexpected failure (reference {})", reference, cause);
    return Problem.internal(reference);
  }

  HttpResponse failure(Throwable failure) {
    return problem(problemFor(failure));
  }

  /**
   * A slot command's outcome: 200 with the slot as it is now, or the refusal's problem, or the
   * failure's.
   */
  HttpResponse slot(SlotReply reply, Throwable failure) {
    if (failure != null) return failure(failure);
    if (reply instanceof SlotReply.Current current)
      return json(StatusCodes.OK, SlotResponse.of(current.slot()).toJsonBytes());
    return refusal((Rejected) reply).response();
  }

  /** 400 {@code invalid-request} with this detail. */
  Route invalid(String detail) {
    return complete(problem(Problem.invalid(detail)));
  }

  Route invalidVenueId() {
    return invalid("venueId must match [a-z0-9-]{1,40}.");
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A short random id that ties a 500 the client saw to the log line with its cause. */
  static String reference() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }
}
