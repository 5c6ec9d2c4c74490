package com.reservation.baseline;

import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.http.scaladsl.model.Uri;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.BookRequest;
import com.reservation.baseline.Messages.Health;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.VenueRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of the HTTP contract that the workloads use, served from one rival's {@link
 * RivalStore}: the front end every rival shares, so that the comparison isolates the storage
 * design.
 *
 * <p>Its booking path is as lean as the engine's: the body read from the strict entity Akka already
 * holds, by one Jackson reader made once; the customer id checked by hand (no regex matcher per
 * request); the contact data and the 201 answer written by hand into bytes ({@link LeanJson}); the
 * {@code Location} header built without the URI parser; every refusal's response made once and
 * shared. Calendar and timetable answers may be kept for {@code readCache} (the engine answers them
 * from its read model through a 250 ms cache: {@code lock-best} does the same).
 */
final class BaselineRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(BaselineRoutes.class);
  private static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
  private static final Pattern VENUE_ID = Pattern.compile("[a-z0-9-]{1,40}");
  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final long MAX_CALENDAR_DAYS = 93;

  private final RivalStore store;
  private final Executor jdbc;
  private final ObjectMapper mapper;
  private final ObjectReader bookReader;
  private final Optional<String> adminToken;
  private final long readCacheNanos;
  private final ConcurrentHashMap<String, Cached> reads = new ConcurrentHashMap<>();

  /** The refusals' responses, made once (Akka's responses are immutable). */
  private final Map<String, HttpResponse> refusals;

  private final HttpResponse slotNotFound;

  private record Cached(long expiresNanos, HttpResponse response) {}

  BaselineRoutes(
      RivalStore store, Executor jdbc, ObjectMapper mapper, Optional<String> adminToken) {
    this(store, jdbc, mapper, adminToken, Duration.ZERO);
  }

  /**
   * @param jdbc runs the store's blocking calls, sized like its connection pool
   * @param readCache how long a calendar or timetable answer is served again (zero: never)
   */
  BaselineRoutes(
      RivalStore store,
      Executor jdbc,
      ObjectMapper mapper,
      Optional<String> adminToken,
      Duration readCache) {
    this.store = store;
    this.jdbc = jdbc;
    this.mapper = mapper;
    this.bookReader = mapper.readerFor(BookRequest.class);
    this.adminToken = adminToken;
    this.readCacheNanos = readCache.toNanos();
    this.slotNotFound = notFound("slot");
    this.refusals =
        Map.of(
            "not-found", slotNotFound,
            "slot-full",
                problem(StatusCodes.CONFLICT, "slot-full", "not enough seats left in this slot"),
            "slot-closed",
                problem(StatusCodes.CONFLICT, "slot-closed", "this slot is closed for booking"),
            "already-booked",
                problem(
                    StatusCodes.CONFLICT,
                    "already-booked",
                    "this customer already holds a booking in this slot"),
            "customer-limit-reached",
                problem(
                    StatusCodes.CONFLICT,
                    "customer-limit-reached",
                    "this customer holds as many active bookings at this venue as it allows"));
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
                  "pool",
                  () -> put(() -> body(PoolRequest.class, request -> resize(request.size())))),
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

  /** {@code PUT /admin/pool {"size": n}}: the benchmark's pool-size sweep (lock-best only). */
  record PoolRequest(Integer size) {}

  private Route resize(Integer size) {
    if (size == null || size < 1 || size > 256) return complete(invalid("size is 1..256"));
    return run(
        () -> store.resize(size),
        done ->
            done
                ? json(StatusCodes.OK, Map.of("size", size))
                : problem(StatusCodes.NOT_FOUND, "not-found", "this rival has no pool to resize"));
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
    Integer limit = request.maxActiveBookingsPerCustomer();
    if (limit != null && limit != 1) {
      return complete(
          invalid("the rivals enforce maxActiveBookingsPerCustomer 1 (or no limit) only"));
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(request.timeZone());
    } catch (DateTimeException e) {
      return complete(invalid("unknown time zone"));
    }
    reads.clear();
    return run(
        () -> store.putVenue(venueId, request.name(), zone, limit),
        created ->
            json(
                created ? StatusCodes.CREATED : StatusCodes.OK,
                Map.of("venueId", venueId, "name", request.name(), "timeZone", zone.getId())));
  }

  private Route slots() {
    return pathPrefix(
        segment(),
        slotId ->
            concat(
                pathEnd(
                    () ->
                        get(
                            () ->
                                run(
                                    () -> store.slot(slotId),
                                    slot ->
                                        slot.map(v -> json(StatusCodes.OK, v))
                                            .orElse(slotNotFound)))),
                pathPrefix(
                    "bookings",
                    () ->
                        concat(
                            pathEnd(() -> post(() -> book(slotId))),
                            path(
                                segment(),
                                bookingId ->
                                    concat(
                                        get(
                                            () ->
                                                run(
                                                    () -> store.booking(slotId, bookingId),
                                                    this::bookingOrNotFound)),
                                        delete(
                                            () ->
                                                run(
                                                    () -> store.cancel(slotId, bookingId),
                                                    this::bookingOrNotFound))))))));
  }

  /** The hot path. */
  private Route book(String slotId) {
    return extractRequestEntity(
        entity -> {
          if (entity instanceof HttpEntity.Strict strict) return book(slotId, strict.getData());
          return entity(Unmarshaller.entityToByteString(), data -> book(slotId, (ByteString) data));
        });
  }

  private Route book(String slotId, ByteString data) {
    BookRequest request;
    try {
      request = bookReader.readValue(data.toArrayUnsafe());
    } catch (IOException e) {
      return complete(invalid("the body is not the expected JSON"));
    }
    if (request == null) return complete(invalid("a JSON body is required"));
    int seats = request.seats() == null ? 1 : request.seats();
    if (request.customerId() == null
        || !isCustomerId(request.customerId())
        || seats < 1
        || seats > 10) {
      return complete(invalid("customerId [A-Za-z0-9._:-]{1,64} and seats 1..10 are required"));
    }
    Map<String, String> contact = request.contact();
    if (contact != null) {
      for (Map.Entry<String, String> field : contact.entrySet()) {
        if (field.getValue() == null) return complete(invalid("contact fields must be strings"));
      }
    }
    String contactJson = contact == null || contact.isEmpty() ? null : LeanJson.objectText(contact);
    return run(
        () -> store.book(slotId, request.customerId(), seats, contactJson),
        outcome -> {
          if (outcome instanceof BookOutcome.Confirmed confirmed) {
            Messages.Booking booking = confirmed.booking();
            return HttpResponse.create()
                .withStatus(StatusCodes.CREATED)
                .withEntity(
                    HttpEntities.create(
                        ContentTypes.APPLICATION_JSON,
                        ByteString.fromArrayUnsafe(LeanJson.booking(booking, contact))))
                .addHeader(location(slotId, booking.bookingId()));
          }
          String code = ((BookOutcome.Rejected) outcome).code();
          HttpResponse made = refusals.get(code);
          return made != null
              ? made
              : problem(StatusCodes.CONFLICT, code, "the booking was refused: " + code);
        });
  }

  /** {@code [A-Za-z0-9._:-]{1,64}}, checked by hand: every booking asks. */
  static boolean isCustomerId(String text) {
    int length = text.length();
    if (length < 1 || length > 64) return false;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == ':'
          || c == '-')) return false;
    }
    return true;
  }

  /** {@code Location: /slots/{slotId}/bookings/{bookingId}}, a path-only URI (no URI parser). */
  static Location location(String slotId, String bookingId) {
    Uri.Path path =
        Uri.Path$.MODULE$.apply(
            "/slots/" + slotId + "/bookings/" + bookingId, StandardCharsets.UTF_8);
    return new akka.http.scaladsl.model.headers.Location(Uri.Empty$.MODULE$.withPath(path));
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
                                      return cached(
                                          "c " + venueId + " " + first + " " + last,
                                          () -> store.calendar(venueId, first, last));
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
                      return cached(
                          "t " + venueId + " " + day, () -> store.timetable(venueId, day));
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

  /** A read answered again for {@code readCache}, when one is set; a venue update forgets all. */
  private Route cached(String key, StoreCall<? extends Optional<?>> call) {
    if (readCacheNanos > 0) {
      Cached known = reads.get(key);
      if (known != null && known.expiresNanos() - System.nanoTime() > 0)
        return complete(known.response());
    }
    return run(
        call,
        found -> {
          HttpResponse response =
              found.isPresent() ? json(StatusCodes.OK, found.get()) : notFound("venue");
          if (readCacheNanos > 0 && found.isPresent()) {
            if (reads.size() > 10_000) reads.clear();
            reads.put(key, new Cached(System.nanoTime() + readCacheNanos, response));
          }
          return response;
        });
  }

  /**
   * Blocking store calls run on the rival's own executor, sized like its pool, never on the HTTP
   * dispatcher.
   */
  private <T> Route run(StoreCall<T> call, Function<T, HttpResponse> toResponse) {
    Supplier<HttpResponse> work =
        () -> {
          try {
            return toResponse.apply(call.run());
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        };
    CompletionStage<HttpResponse> response =
        CompletableFuture.supplyAsync(work, jdbc).exceptionally(this::failure);
    return completeWithFuture(response);
  }

  private HttpResponse failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ScheduleSlots.InvalidSchedule) return invalid(cause.getMessage());
    if (cause instanceof UnsupportedOperationException) {
      return problem(StatusCodes.NOT_IMPLEMENTED, "not-implemented", cause.getMessage());
    }
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
  interface StoreCall<T> {
    T run() throws Exception;
  }
}
