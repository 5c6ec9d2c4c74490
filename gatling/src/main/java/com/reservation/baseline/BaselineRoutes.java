package com.reservation.baseline;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.BookRequest;
import com.reservation.baseline.Messages.Health;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.VenueRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The endpoints of the HTTP contract that the workloads use, served from {@link BaselineStore}. */
final class BaselineRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(BaselineRoutes.class);
  private static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
  private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final Pattern VENUE_ID = Pattern.compile("[a-z0-9-]{1,40}");
  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final long MAX_CALENDAR_DAYS = 93;

  private final BaselineStore store;
  private final Executor jdbc;
  private final ObjectMapper mapper;
  private final Optional<String> adminToken;

  BaselineRoutes(
      BaselineStore store, Executor jdbc, ObjectMapper mapper, Optional<String> adminToken) {
    this.store = store;
    this.jdbc = jdbc;
    this.mapper = mapper;
    this.adminToken = adminToken;
  }

  Route route() {
    return withSizeLimit(
        MAX_BODY_BYTES,
        () ->
            concat(
                pathPrefix("admin", this::admin),
                pathPrefix("slots", this::slots),
                pathPrefix("venues", this::venues),
                pathPrefix("health", this::health)));
  }

  private Route admin() {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          if (adminToken.isPresent() && !header.equals(Optional.of("Bearer " + adminToken.get()))) {
            return complete(
                problem(
                    StatusCodes.UNAUTHORIZED, "unauthorized", "a valid bearer token is required"));
          }
          return concat(
              path(
                  segment("venues").slash(segment()),
                  venueId ->
                      put(() -> body(VenueRequest.class, request -> putVenue(venueId, request)))),
              path(
                  segment("venues").slash(segment()).slash("schedules"),
                  venueId ->
                      post(
                          () ->
                              body(ScheduleRequest.class, request -> schedule(venueId, request)))));
        });
  }

  private Route schedule(String venueId, ScheduleRequest request) {
    return run(
        () -> store.defineSchedule(venueId, request),
        result -> result.map(r -> json(StatusCodes.OK, r)).orElseGet(() -> notFound("venue")));
  }

  private Route putVenue(String venueId, VenueRequest request) {
    if (!VENUE_ID.matcher(venueId).matches()
        || request.name() == null
        || request.timeZone() == null) {
      return complete(invalid("venueId [a-z0-9-]{1,40}, name and timeZone are required"));
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(request.timeZone());
    } catch (DateTimeException e) {
      return complete(invalid("unknown time zone"));
    }
    return run(
        () -> store.putVenue(venueId, request.name(), zone),
        created ->
            json(
                created ? StatusCodes.CREATED : StatusCodes.OK,
                Map.of("venueId", venueId, "name", request.name(), "timeZone", zone.getId())));
  }

  private Route slots() {
    return concat(
        path(
            segment().slash("bookings"),
            slotId -> post(() -> body(BookRequest.class, request -> book(slotId, request)))),
        path(
            segment().slash("bookings").slash(segment()),
            (slotId, bookingId) ->
                concat(
                    get(() -> run(() -> store.booking(slotId, bookingId), this::bookingOrNotFound)),
                    delete(
                        () ->
                            run(() -> store.cancel(slotId, bookingId), this::bookingOrNotFound)))),
        path(
            segment(),
            slotId ->
                get(
                    () ->
                        run(
                            () -> store.slot(slotId),
                            slot ->
                                slot.map(s -> json(StatusCodes.OK, s))
                                    .orElseGet(() -> notFound("slot"))))));
  }

  private Route book(String slotId, BookRequest request) {
    int seats = request.seats() == null ? 1 : request.seats();
    if (request.customerId() == null
        || !CUSTOMER_ID.matcher(request.customerId()).matches()
        || seats < 1
        || seats > 10) {
      return complete(invalid("customerId [A-Za-z0-9._:-]{1,64} and seats 1..10 are required"));
    }
    String contact;
    try {
      contact = request.contact() == null ? null : mapper.writeValueAsString(request.contact());
    } catch (JsonProcessingException e) {
      return complete(invalid("contact must be an object of strings"));
    }
    return run(
        () -> store.book(slotId, request.customerId(), seats, contact),
        outcome -> {
          if (outcome instanceof BookOutcome.Confirmed confirmed) {
            return json(StatusCodes.CREATED, confirmed.booking())
                .addHeader(
                    Location.create(
                        "/slots/" + slotId + "/bookings/" + confirmed.booking().bookingId()));
          }
          String code = ((BookOutcome.Rejected) outcome).code();
          return switch (code) {
            case "not-found" -> notFound("slot");
            case "slot-full" ->
                problem(StatusCodes.CONFLICT, code, "not enough seats left in this slot");
            case "slot-closed" ->
                problem(StatusCodes.CONFLICT, code, "this slot is closed for booking");
            default ->
                problem(
                    StatusCodes.CONFLICT,
                    code,
                    "this customer already holds a booking in this slot");
          };
        });
  }

  private HttpResponse bookingOrNotFound(Optional<Messages.Booking> booking) {
    return booking.map(b -> json(StatusCodes.OK, b)).orElseGet(() -> notFound("booking"));
  }

  private Route venues() {
    return concat(
        path(
            segment().slash("calendar"),
            venueId ->
                get(
                    () ->
                        parameter(
                            "from",
                            from ->
                                parameter(
                                    "to",
                                    to -> {
                                      LocalDate first;
                                      LocalDate last;
                                      try {
                                        first = LocalDate.parse(from);
                                        last = LocalDate.parse(to);
                                      } catch (DateTimeException e) {
                                        return complete(
                                            invalid("from and to are dates (yyyy-MM-dd)"));
                                      }
                                      long span = ChronoUnit.DAYS.between(first, last) + 1;
                                      if (span < 1 || span > MAX_CALENDAR_DAYS) {
                                        return complete(
                                            invalid(
                                                "a calendar spans 1.."
                                                    + MAX_CALENDAR_DAYS
                                                    + " days"));
                                      }
                                      return run(
                                          () -> store.calendar(venueId, first, last),
                                          c ->
                                              c.map(v -> json(StatusCodes.OK, v))
                                                  .orElseGet(() -> notFound("venue")));
                                    })))),
        path(
            segment().slash("days").slash(segment()).slash("slots"),
            (venueId, date) ->
                get(
                    () -> {
                      LocalDate day;
                      try {
                        day = LocalDate.parse(date);
                      } catch (DateTimeException e) {
                        return complete(invalid("date is yyyy-MM-dd"));
                      }
                      return run(
                          () -> store.timetable(venueId, day),
                          t ->
                              t.map(v -> json(StatusCodes.OK, v))
                                  .orElseGet(() -> notFound("venue")));
                    })));
  }

  private Route health() {
    return concat(
        path("live", () -> get(() -> complete(json(StatusCodes.OK, new Health("UP"))))),
        path(
            "ready",
            () ->
                get(
                    () ->
                        run(
                            store::ready,
                            up ->
                                up
                                    ? json(StatusCodes.OK, new Health("UP"))
                                    : problem(
                                        StatusCodes.SERVICE_UNAVAILABLE,
                                        "unavailable",
                                        "the database does not answer")))));
  }

  /**
   * Blocking JDBC work runs on its own executor, sized like the pool, never on the HTTP dispatcher.
   */
  private <T> Route run(SqlCall<T> call, Function<T, HttpResponse> toResponse) {
    CompletionStage<HttpResponse> response =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return toResponse.apply(call.run());
                  } catch (SQLException e) {
                    throw new CompletionException(e);
                  }
                },
                jdbc)
            .exceptionally(this::failure);
    return completeWithFuture(response);
  }

  private HttpResponse failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ScheduleSlots.InvalidSchedule) return invalid(cause.getMessage());
    log.warn("Request failed: {}", cause.toString());
    return problem(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "the store did not answer")
        .addHeader(RetryAfter.create(1L));
  }

  private <T> Route body(Class<T> type, Function<T, Route> inner) {
    return entity(
        Unmarshaller.entityToByteArray(),
        bytes -> {
          T value;
          try {
            value = mapper.readValue(bytes, type);
          } catch (IOException e) {
            return complete(invalid("the body is not the expected JSON"));
          }
          if (value == null) return complete(invalid("a JSON body is required"));
          return inner.apply(value);
        });
  }

  private HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(
              HttpEntities.create(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse problem(StatusCode status, String code, String detail) {
    Map<String, Object> body =
        Map.of(
            "type",
            "/problems/" + code,
            "title",
            code,
            "status",
            status.intValue(),
            "detail",
            detail);
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(HttpEntities.create(PROBLEM_JSON, mapper.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse invalid(String detail) {
    return problem(StatusCodes.BAD_REQUEST, "invalid-request", detail);
  }

  private HttpResponse notFound(String what) {
    return problem(StatusCodes.NOT_FOUND, "not-found", "no such " + what);
  }

  @FunctionalInterface
  interface SqlCall<T> {
    T run() throws SQLException;
  }
}
