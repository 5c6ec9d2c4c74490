package com.reservation.gatling.support;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.LocalDate;

/**
 * The HTTP protocol and the requests of the contract, with the checks every simulation applies to
 * them.
 */
public final class Requests {
  public static final String SLOT_FULL = "/problems/slot-full";

  private Requests() {}

  /**
   * Round-robin over {@code -DbaseUrls}: each virtual user is given the next base URL when it
   * starts.
   *
   * @param shareConnections one connection pool for all users (open models with many short users,
   *     so a long run does not pile up closed sockets); without it each user has its own
   *     connection, like real browsers in a burst
   */
  public static HttpProtocolBuilder protocol(boolean shareConnections) {
    HttpProtocolBuilder protocol =
        http.baseUrls(Settings.baseUrls())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("reservation-engine-gatling")
            .disableWarmUp()
            .disableCaching();
    return shareConnections ? protocol.shareConnections() : protocol;
  }

  /**
   * Books one seat of {@code #{slotId}} for {@code #{customerId}} (with the feeder's contact). OK
   * when the answer is a 201, or a 409 whose problem type is one of {@code acceptedProblems}; then
   * {@code status} (and {@code bookingId} or {@code problem}) are in the session. Anything else,
   * 5xx included, is KO.
   */
  public static HttpRequestActionBuilder book(String name, String... acceptedProblems) {
    return http(name)
        .post("/slots/#{slotId}/bookings")
        .body(
            StringBody(
                "{\"customerId\":\"#{customerId}\",\"seats\":1,\"contact\":{\"name\":\"#{name}\",\"phone\":\"#{phone}\"}}"))
        .check(
            acceptedProblems.length == 0
                ? status().is(201).saveAs("status")
                : status().in(201, 409).saveAs("status"))
        .checkIf((response, session) -> response.status().code() == 201)
        .then(jsonPath("$.bookingId").saveAs("bookingId"))
        .checkIf((response, session) -> response.status().code() == 409)
        .then(jsonPath("$.type").in(acceptedProblems).saveAs("problem"));
  }

  /** Forgets the outcome of the previous booking, before a looping user tries again. */
  public static Session clearOutcome(Session session) {
    return session.remove("status").remove("bookingId").remove("problem");
  }

  /** A booking attempt that must be rejected as {@code slot-full} (409). */
  public static HttpRequestActionBuilder bookFull(String name) {
    return http(name)
        .post("/slots/#{slotId}/bookings")
        .body(
            StringBody(
                "{\"customerId\":\"#{customerId}\",\"seats\":1,\"contact\":{\"name\":\"#{name}\",\"phone\":\"#{phone}\"}}"))
        .check(
            status().is(409).saveAs("status"), jsonPath("$.type").is(SLOT_FULL).saveAs("problem"));
  }

  /**
   * The calendar of {@code #{venueId}} from {@code from} to {@code to}; saves the dates with seats
   * left as {@code openDays}.
   */
  public static HttpRequestActionBuilder calendar(String name, LocalDate from, LocalDate to) {
    return http(name)
        .get("/venues/#{venueId}/calendar?from=" + from + "&to=" + to)
        .check(
            status().is(200).saveAs("status"),
            jsonPath("$.days[*].date").exists(),
            jsonPath("$.days[?(@.available > 0)].date").findAll().optional().saveAs("openDays"));
  }

  /**
   * The timetable of {@code #{venueId}} on {@code #{day}}; saves the open slots with seats left as
   * {@code openSlots}.
   */
  public static HttpRequestActionBuilder timetable(String name) {
    return http(name)
        .get("/venues/#{venueId}/days/#{day}/slots")
        .check(
            status().is(200).saveAs("status"),
            jsonPath("$.slots[*].slotId").exists(),
            jsonPath("$.slots[?(@.available > 0 && @.status == 'OPEN')].slotId")
                .findAll()
                .optional()
                .saveAs("openSlots"));
  }

  /** Looks {@code #{bookingId}} up; it must carry {@code expectedStatus}. */
  public static HttpRequestActionBuilder lookUp(String name, String expectedStatus) {
    return http(name)
        .get("/slots/#{slotId}/bookings/#{bookingId}")
        .check(status().is(200), jsonPath("$.status").is(expectedStatus));
  }

  public static HttpRequestActionBuilder cancel(String name) {
    return http(name)
        .delete("/slots/#{slotId}/bookings/#{bookingId}")
        .check(status().is(200), jsonPath("$.status").is("CANCELLED"));
  }
}
