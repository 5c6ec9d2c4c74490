package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public part of the HTTP API against a real node over real HTTP: calendar, timetable, slots
 * and bookings, and the errors, health and metrics every route shares, with every status code and
 * problem type they answer (the admin part is {@link AdminApiContractTest}). Each test uses its own
 * venue, so they share one node and run in any order.
 */
class ApiContractTest {
  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir, Map.of("reservation.http.projection-lag-refresh", "200ms"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  // ---------------------------------------------------------------- public: calendar and timetable

  @Test
  void calendarAndTimetableShowTheReadModel() {
    String venue = node.newVenue("cal");
    LocalDate day = node.schedule(venue, 2, 4);
    LocalDate later = node.schedule(venue, 5, 4);
    String slot = TestNode.slotId(venue, day);
    assertEquals(
        201,
        node.send(node.bookingRequest(slot, "{\"customerId\":\"c-1\",\"seats\":3}", null))
            .status());
    node.admin(
        "PATCH", "/admin/slots/" + TestNode.slotId(venue, day, "0930"), "{\"status\":\"CLOSED\"}");

    String calendarPath =
        "/venues/" + venue + "/calendar?from=" + day.minusDays(1) + "&to=" + later.plusDays(1);
    Polling.until(
        Duration.ofSeconds(5),
        () ->
            node.get(calendarPath).json().path("days").path(0).path("booked").asInt() == 3
                && node.get(calendarPath).json().path("days").path(0).path("available").asInt()
                    == 1,
        "the calendar to show the booking and the closed slot");
    JsonNode calendar = node.get(calendarPath).json();
    assertEquals(venue, calendar.path("venueId").asText());
    assertEquals(day.minusDays(1).toString(), calendar.path("from").asText());
    assertEquals(later.plusDays(1).toString(), calendar.path("to").asText());
    assertEquals(2, calendar.path("days").size(), "days without slots are left out");
    JsonNode first = calendar.path("days").path(0);
    assertEquals(day.toString(), first.path("date").asText());
    assertEquals(2, first.path("slots").asInt());
    assertEquals(8, first.path("capacity").asInt());
    assertEquals(3, first.path("booked").asInt());
    assertEquals(1, first.path("available").asInt(), "seats over open slots only");
    assertEquals(8, calendar.path("days").path(1).path("available").asInt());

    JsonNode timetable = node.get("/venues/" + venue + "/days/" + day + "/slots").json();
    assertEquals(venue, timetable.path("venueId").asText());
    assertEquals(day.toString(), timetable.path("date").asText());
    JsonNode slots = timetable.path("slots");
    assertEquals(2, slots.size());
    assertEquals(slot, slots.path(0).path("slotId").asText());
    assertEquals(day + "T09:00", slots.path(0).path("start").asText());
    assertEquals(day + "T09:00:00Z", slots.path(0).path("startInstant").asText());
    assertEquals(day + "T09:30", slots.path(0).path("end").asText());
    assertEquals(4, slots.path(0).path("capacity").asInt());
    assertEquals(3, slots.path(0).path("booked").asInt());
    assertEquals(1, slots.path(0).path("available").asInt());
    assertEquals("OPEN", slots.path(0).path("status").asText());
    assertEquals("CLOSED", slots.path(1).path("status").asText());
  }

  @Test
  void calendarRequestsAreValidated() {
    String venue = node.newVenue("cal-bad");
    String calendar = "/venues/" + venue + "/calendar";
    assertEquals(
        200, node.get(calendar + "?from=2030-01-01&to=2030-04-03").status(), "93 days inclusive");
    for (String query :
        new String[] {
          "",
          "?from=2030-01-01",
          "?to=2030-01-01",
          "?from=2030-01-02&to=2030-01-01",
          "?from=2030-01-01&to=2030-04-04",
          "?from=2030-13-01&to=2030-12-01",
          "?from=tomorrow&to=2030-01-01"
        }) {
      assertProblem(node.get(calendar + query), 400, "invalid-request");
    }
    assertProblem(
        node.get("/venues/BAD/calendar?from=2030-01-01&to=2030-01-01"), 400, "invalid-request");
    assertProblem(
        node.get("/venues/unknown-venue/calendar?from=2030-01-01&to=2030-01-01"), 404, "not-found");
    assertProblem(node.get("/venues/" + venue + "/days/2030-02-30/slots"), 400, "invalid-request");
    assertProblem(node.get("/venues/unknown-venue/days/2030-01-01/slots"), 404, "not-found");
  }

  // ---------------------------------------------------------------- public: slots

  @Test
  void slotIsAnsweredByTheEntity() {
    String venue = node.newVenue("slot");
    LocalDate day = node.schedule(venue, 0, 7);
    String slot = TestNode.slotId(venue, day);
    Response response = node.get("/slots/" + slot);
    assertEquals(200, response.status());
    assertEquals("application/json", response.contentType());
    JsonNode json = response.json();
    assertEquals(slot, json.path("slotId").asText());
    assertEquals(venue, json.path("venueId").asText());
    assertEquals(day + "T09:00", json.path("start").asText());
    assertEquals(day + "T09:00:00Z", json.path("startInstant").asText());
    assertEquals(day + "T09:30", json.path("end").asText());
    assertEquals(7, json.path("capacity").asInt());
    assertEquals(0, json.path("booked").asInt());
    assertEquals(7, json.path("available").asInt());
    assertEquals("OPEN", json.path("status").asText());

    assertEquals(201, node.book(slot, "reader-1").status());
    assertEquals(1, node.get("/slots/" + slot).json().path("booked").asInt(), "never stale");

    for (String malformed :
        new String[] {
          "x",
          venue + "_20261301_0900",
          venue + "_20261201_2460",
          "UP_20261201_0900",
          venue + "_2026120_0900",
          "a".repeat(41) + "_20261201_0900"
        }) {
      assertProblem(node.get("/slots/" + malformed), 400, "invalid-request");
    }
    assertProblem(node.get("/slots/" + TestNode.slotId(venue, day, "1300")), 404, "not-found");
    assertProblem(node.get("/slots/" + TestNode.slotId("no-venue-here", day)), 404, "not-found");
  }

  // ---------------------------------------------------------------- public: bookings

  @Test
  void bookingIsCreatedThenReplayedWithItsKey() {
    String venue = node.newVenue("book");
    LocalDate day = node.schedule(venue, 0, 5);
    String slot = TestNode.slotId(venue, day);
    String body =
        "{\"customerId\":\"900127015527\",\"seats\":2,\"contact\":{\"name\":\"Fadhil\",\"phone\":\"0123456789\"},\"extra\":true}";
    Response created = node.send(node.bookingRequest(slot, body, "key-1"));
    assertEquals(201, created.status(), created.body());
    JsonNode booking = created.json();
    String bookingId = booking.path("bookingId").asText();
    assertTrue(bookingId.matches("[A-Za-z0-9_-]{22,}"), bookingId);
    assertEquals("/slots/" + slot + "/bookings/" + bookingId, created.header("Location"));
    assertEquals(slot, booking.path("slotId").asText());
    assertEquals("900127015527", booking.path("customerId").asText());
    assertEquals(2, booking.path("seats").asInt());
    assertEquals("CONFIRMED", booking.path("status").asText());
    assertTrue(booking.path("bookedAt").asText().endsWith("Z"));
    assertFalse(booking.has("cancelledAt"));
    assertEquals("Fadhil", booking.path("contact").path("name").asText());

    Response replay = node.send(node.bookingRequest(slot, body, "key-1"));
    assertEquals(200, replay.status());
    assertEquals(bookingId, replay.json().path("bookingId").asText());
    assertProblem(
        node.send(node.bookingRequest(slot, body.replace("\"seats\":2", "\"seats\":1"), "key-1")),
        422,
        "idempotency-key-reused");
    assertProblem(node.send(node.bookingRequest(slot, body, "key-2")), 409, "already-booked");
    assertFalse(
        node.send(node.bookingRequest(slot, body, "key-2")).body().contains(bookingId),
        "the body does not reveal it");
    assertEquals(2, node.get("/slots/" + slot).json().path("booked").asInt());

    Response lookup = node.get("/slots/" + slot + "/bookings/" + bookingId);
    assertEquals(200, lookup.status());
    assertEquals("CONFIRMED", lookup.json().path("status").asText());
    assertEquals("0123456789", lookup.json().path("contact").path("phone").asText());
  }

  @Test
  void seatsDefaultToOneAndFullOrPastSlotsAreRefused() {
    String venue = node.newVenue("full");
    LocalDate day = node.schedule(venue, 0, 2);
    String slot = TestNode.slotId(venue, day);
    Response one = node.book(slot, "a");
    assertEquals(1, one.json().path("seats").asInt());
    assertFalse(one.json().has("contact"));
    assertProblem(
        node.send(node.bookingRequest(slot, "{\"customerId\":\"b\",\"seats\":2}", null)),
        409,
        "slot-full");
    assertEquals(201, node.book(slot, "b").status());
    assertProblem(node.book(slot, "c"), 409, "slot-full");

    String past = node.newVenue("past");
    LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    node.admin(
        "POST",
        "/admin/venues/" + past + "/schedules",
        "{\"from\":\""
            + yesterday
            + "\",\"to\":\""
            + yesterday
            + "\",\"dailyStart\":\"09:00\",\"dailyEnd\":\"10:00\","
            + "\"slotMinutes\":30,\"capacity\":5}");
    assertProblem(node.book(TestNode.slotId(past, yesterday), "late"), 409, "slot-closed");
    assertEquals(
        "CLOSED",
        node.get("/slots/" + TestNode.slotId(past, yesterday)).json().path("status").asText());
  }

  @Test
  void invalidBookingsAre400_413_415AndChangeNothing() {
    String venue = node.newVenue("book-bad");
    LocalDate day = node.schedule(venue, 0, 5);
    String slot = TestNode.slotId(venue, day);
    String[] bodies = {
      "{\"customerId\":\"c\",\"seats\":0}",
      "{\"customerId\":\"c\",\"seats\":-1}",
      "{\"customerId\":\"c\",\"seats\":11}",
      "{\"customerId\":\"c\",\"seats\":\"2\"}",
      "{\"customerId\":\"c\",\"seats\":1.5}",
      "{\"customerId\":\"c\",\"seats\":true}",
      "{\"customerId\":\"c\",\"seats\":99999999999}",
      "{\"seats\":1}",
      "{\"customerId\":\"\"}",
      "{\"customerId\":\"has space\"}",
      "{\"customerId\":\"" + "c".repeat(65) + "\"}",
      "{\"customerId\":900127015527}",
      "{\"customerId\":\"c\",\"contact\":\"Fadhil\"}",
      "{\"customerId\":\"c\",\"contact\":{\"name\":{\"first\":\"F\"}}}",
      "{\"customerId\":\"c\",\"contact\":{\"phone\":123}}",
      "{\"customerId\":\"c\",\"contact\":{\"note\":\"" + "x".repeat(201) + "\"}}",
      "{\"customerId\":\"c\",\"contact\":" + elevenFields() + "}",
      "{\"customerId\":\"c\"",
      "{\"customerId\":\"c\"} trailing",
      "[{\"customerId\":\"c\"}]",
      "null",
      "\"c\"",
    };
    for (String body : bodies) {
      Response response = node.send(node.bookingRequest(slot, body, null));
      assertProblem(response, 400, "invalid-request");
      assertFalse(
          response.body().contains("Fadhil") || response.body().contains("xxxxxxxx"),
          "problems never echo the body");
    }
    assertProblem(
        node.send(node.bookingRequest(slot, "{\"customerId\":\"c\"}", "k".repeat(65))),
        400,
        "invalid-request");
    assertProblem(
        node.send(node.bookingRequest(slot, "{\"customerId\":\"c\"}", "has space")),
        400,
        "invalid-request");
    assertProblem(
        node.send(
            node.request("/slots/" + slot + "/bookings")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build()),
        400,
        "invalid-request");
    assertProblem(
        node.send(
            node.request("/slots/" + slot + "/bookings")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"c\"}"))
                .build()),
        415,
        "unsupported-media-type");
    assertProblem(
        node.send(
            node.request("/slots/" + slot + "/bookings")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("customerId=c"))
                .build()),
        415,
        "unsupported-media-type");
    String large = "{\"customerId\":\"c\",\"padding\":\"" + "p".repeat(70_000) + "\"}";
    assertProblem(node.send(node.bookingRequest(slot, large, null)), 413, "payload-too-large");
    // Without a declared length (chunked), the limit applies while reading.
    assertProblem(
        node.send(
            node.request("/slots/" + slot + "/bookings")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(large.getBytes())))
                .build()),
        413,
        "payload-too-large");
    assertProblem(
        node.send(node.bookingRequest("bad_slot", "{\"customerId\":\"c\"}", null)),
        400,
        "invalid-request");
    assertProblem(
        node.send(
            node.bookingRequest(
                TestNode.slotId(venue, day, "1700"), "{\"customerId\":\"c\"}", null)),
        404,
        "not-found");
    assertProblem(
        node.send(
            node.bookingRequest(
                TestNode.slotId("ghost-venue", day), "{\"customerId\":\"c\"}", null)),
        404,
        "not-found");

    JsonNode unchanged = node.get("/slots/" + slot).json();
    assertEquals(0, unchanged.path("booked").asInt());
    assertEquals(5, unchanged.path("available").asInt());
    // A key that was only ever refused is decided afresh.
    assertEquals(
        201,
        node.send(node.bookingRequest(slot, "{\"customerId\":\"c\"}", "k".repeat(64))).status());
  }

  @Test
  void cancelIsIdempotentAndFreesTheSeat() {
    String venue = node.newVenue("cancel");
    LocalDate day = node.schedule(venue, 0, 2);
    String slot = TestNode.slotId(venue, day);
    Response created =
        node.send(node.bookingRequest(slot, "{\"customerId\":\"cx\"}", "cancel-key"));
    String bookingPath =
        "/slots/" + slot + "/bookings/" + created.json().path("bookingId").asText();
    String fillerPath =
        "/slots/"
            + slot
            + "/bookings/"
            + node.book(slot, "filler").json().path("bookingId").asText();
    assertProblem(
        node.send(node.bookingRequest(slot, "{\"customerId\":\"other\"}", "other-key")),
        409,
        "slot-full");

    Response cancelled = node.delete(bookingPath);
    assertEquals(200, cancelled.status(), cancelled.body());
    assertEquals("CANCELLED", cancelled.json().path("status").asText());
    assertTrue(cancelled.json().has("cancelledAt"));
    Response again = node.delete(bookingPath);
    assertEquals(200, again.status());
    assertEquals(cancelled.json(), again.json(), "repeating the cancel answers the same body");
    assertEquals("CANCELLED", node.get(bookingPath).json().path("status").asText());
    assertEquals(
        1,
        node.get("/slots/" + slot).json().path("available").asInt(),
        "the seat is available again");

    // Only successes are remembered: the key of the refused request is decided afresh, and now gets
    // the seat.
    assertEquals(
        201,
        node.send(node.bookingRequest(slot, "{\"customerId\":\"other\"}", "other-key")).status());
    // The key of a cancelled booking answers that booking.
    Response replay = node.send(node.bookingRequest(slot, "{\"customerId\":\"cx\"}", "cancel-key"));
    assertEquals(200, replay.status());
    assertEquals("CANCELLED", replay.json().path("status").asText());
    // A customer may book the same slot again after cancelling.
    assertEquals(200, node.delete(fillerPath).status());
    assertEquals(201, node.book(slot, "cx").status());

    assertProblem(
        node.delete("/slots/" + slot + "/bookings/AAAAAAAAAAAAAAAAAAAAAA"), 404, "not-found");
    assertProblem(
        node.get("/slots/" + slot + "/bookings/AAAAAAAAAAAAAAAAAAAAAA"), 404, "not-found");
    assertProblem(node.get("/slots/" + slot + "/bookings/not*an*id"), 404, "not-found");
    assertProblem(
        node.get("/slots/bad_slot/bookings/AAAAAAAAAAAAAAAAAAAAAA"), 400, "invalid-request");
  }

  // ---------------------------------------------------------------- errors, health, metrics

  @Test
  void unknownPathsAndMethodsAreProblems() {
    assertProblem(node.get("/nothing/here"), 404, "not-found");
    assertProblem(node.get("/slots"), 404, "not-found");
    Response deleteSlot = node.delete("/slots/pwtc_20261201_0920");
    assertProblem(deleteSlot, 405, "method-not-allowed");
    assertEquals("GET", deleteSlot.header("Allow"));
    Response putBookings =
        node.send(
            node.request("/slots/pwtc_20261201_0920/bookings")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertProblem(putBookings, 405, "method-not-allowed");
    assertEquals("POST", putBookings.header("Allow"));
    assertProblem(
        node.send(node.request("/metrics").POST(HttpRequest.BodyPublishers.noBody()).build()),
        405,
        "method-not-allowed");
    assertProblem(node.admin("GET", "/admin/venues/some-venue", ""), 405, "method-not-allowed");
    // Requests Akka cannot even parse answer problem+json too.
    Response tooLong = node.get("/slots/" + "a".repeat(5000));
    assertEquals(414, tooLong.status(), tooLong.body());
    assertEquals("application/problem+json", tooLong.contentType());
  }

  @Test
  void healthAndMetrics() {
    assertEquals(200, node.get("/health/live").status());
    assertEquals(200, node.get("/health/ready").status());
    String venue = node.newVenue("metrics");
    LocalDate day = node.schedule(venue, 0, 1);
    String slot = TestNode.slotId(venue, day);
    node.send(
        node.bookingRequest(
            slot,
            "{\"customerId\":\"metric-customer-77\",\"contact\":{\"name\":\"Secret Name\"}}",
            null));
    node.book(slot, "metric-customer-78");

    Response metrics = node.get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
    String text = metrics.body();
    for (String expected :
        new String[] {
          "reservation_bookings_total{result=\"created\"}",
          "reservation_bookings_total{result=\"slot-full\"}",
          "reservation_http_request_duration_seconds_bucket{method=\"POST\",route=\"/slots/{slotId}/bookings\",status=\"2xx\",le=\"0.005\"}",
          "reservation_http_request_duration_seconds_count{method=\"POST\",route=\"/slots/{slotId}/bookings\",status=\"4xx\"}",
          "# TYPE reservation_http_in_flight gauge",
          "# TYPE reservation_admission_rejections_total counter",
          "# TYPE reservation_projection_lag_events gauge"
        }) {
      assertTrue(text.contains(expected), expected + " in\n" + text);
    }
    assertFalse(
        text.contains("metric-customer") || text.contains("Secret") || text.contains(venue),
        "no ids or personal data in labels");
  }

  @Test
  void projectionLagFallsToZeroOnceTheReadModelCaughtUp() {
    // Slots spread over every tag, each touched at a different time, so the tags' offsets differ.
    List<String> slots = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String venue = node.newVenue("lag");
      slots.add(TestNode.slotId(venue, node.schedule(venue, 0, 10)));
    }
    for (int i = 0; i < slots.size(); i++) {
      for (int b = 0; b <= i; b++) assertEquals(201, node.book(slots.get(i), "lag-" + b).status());
    }
    Polling.until(
        Duration.ofSeconds(10),
        () ->
            node.get("/metrics")
                .body()
                .matches("(?s).*\nreservation_projection_lag_events 0(\\.0)?\n.*"),
        "the projection lag gauge to read 0");
  }

  // ---------------------------------------------------------------- helpers

  private static String elevenFields() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 11; i++)
      json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"v\"");
    return json.append('}').toString();
  }

  /**
   * A problem+json response with this status and code, and nothing in it that betrays the server's
   * insides.
   */
  static void assertProblem(Response response, int status, String code) {
    assertEquals(status, response.status(), response.body());
    assertTrue(
        response.contentType() != null
            && response.contentType().startsWith("application/problem+json"),
        "content type " + response.contentType());
    JsonNode body = response.json();
    assertEquals("/problems/" + code, body.path("type").asText(), response.body());
    assertEquals(status, body.path("status").asInt());
    assertFalse(body.path("title").asText().isEmpty());
    assertFalse(body.path("detail").asText().isEmpty());
    String text = response.body();
    for (String leak : new String[] {"Exception", "\tat ", "SQL", "org.postgresql", "akka."}) {
      assertFalse(text.contains(leak), "leaks " + leak + ": " + text);
    }
    if (status == 503) assertNotNull(response.header("Retry-After"));
  }
}
