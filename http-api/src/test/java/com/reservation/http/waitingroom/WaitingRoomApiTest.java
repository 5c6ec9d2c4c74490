package com.reservation.http.waitingroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.SseClient;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waiting room's contract on a real node: settings validated (400, nothing changed), 201 then
 * 200, one ticket per customer, PREQUEUED before the opening, admission at the rate, the {@code
 * Admission} header required on bookings, holds and waitlist entries (403 {@code
 * admission-required} without it, with another customer's, a tampered or another venue's token),
 * the ticket stream, and bookings free again once the room is removed or closed.
 */
class WaitingRoomApiTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static String roomPath(String venueId) {
    return "/admin/venues/" + venueId + "/waiting-room";
  }

  private static Response putRoom(String venueId, String json) {
    return node.admin("PUT", roomPath(venueId), json);
  }

  /** A room that opened a minute ago. */
  private static String openRoom(int perMinute) {
    return "{\"opensAt\":\""
        + Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS)
        + "\",\"admitPerMinute\":"
        + perMinute
        + "}";
  }

  private static Response join(String venueId, String customerId) {
    return node.send(
        node.request("/venues/" + venueId + "/waiting-room/tickets")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + customerId + "\"}"))
            .build());
  }

  private static JsonNode awaitAdmitted(String venueId, String ticketId) {
    JsonNode[] last = new JsonNode[1];
    Polling.until(
        Duration.ofSeconds(30),
        () -> {
          last[0] = node.get("/venues/" + venueId + "/waiting-room/tickets/" + ticketId).json();
          return last[0].path("state").asText().equals("ADMITTED");
        },
        "the ticket to be admitted");
    return last[0];
  }

  private static Response post(String path, String json, String admission) {
    HttpRequest.Builder request =
        node.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (admission != null) request.header("Admission", admission);
    return node.send(request.build());
  }

  private static Response book(String slotId, String customerId, String admission) {
    return post(
        "/slots/" + slotId + "/bookings", "{\"customerId\":\"" + customerId + "\"}", admission);
  }

  @Test
  void settingsAreValidatedAndNothingChangesOnA400() {
    String venue = node.newVenue("wr-valid");
    for (String bad :
        new String[] {
          "{}",
          "{\"opensAt\":\"tomorrow\",\"admitPerMinute\":10}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\"}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":0}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":1000001}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":10,\"order\":\"lottery\"}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":10,\"admissionTtlSeconds\":5}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":10,\"maxActive\":0}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":10,"
              + "\"closesAt\":\"2026-12-08T09:00:00Z\"}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":10,"
              + "\"prequeueFrom\":\"2026-12-08T11:00:00Z\"}",
          "{\"opensAt\":\"2026-12-08T10:00:00Z\",\"admitPerMinute\":\"10\"}"
        }) {
      Response response = putRoom(venue, bad);
      assertEquals(400, response.status(), bad + " -> " + response);
      assertTrue(response.contentType().startsWith("application/problem+json"), bad);
      assertFalse(response.body().contains("Exception"), bad);
    }
    assertEquals(404, node.admin("GET", roomPath(venue), "").status(), "no room was made");
    assertEquals(404, putRoom("wr-no-such-venue", openRoom(60)).status());
    assertEquals(401, node.send(node.request(roomPath(venue)).GET().build()).status());
  }

  @Test
  void aRoomIsCreatedChangedShownAndRemoved() {
    String venue = node.newVenue("wr-admin");
    String opens =
        Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).toString();
    Response created =
        putRoom(venue, "{\"opensAt\":\"" + opens + "\",\"admitPerMinute\":600,\"maxActive\":50}");
    assertEquals(201, created.status(), created.toString());
    JsonNode room = created.json();
    assertEquals("prequeue", room.path("state").asText());
    assertEquals(opens, room.path("opensAt").asText());
    assertEquals(
        Instant.parse(opens).minus(Duration.ofMinutes(30)).toString(),
        room.path("prequeueFrom").asText(),
        "30 minutes before by default");
    assertEquals("random-then-fifo", room.path("order").asText());
    assertEquals(600, room.path("admissionTtlSeconds").asInt());
    assertEquals(50, room.path("maxActive").asInt());

    Response changed =
        putRoom(
            venue, "{\"opensAt\":\"" + opens + "\",\"admitPerMinute\":1200,\"order\":\"fifo\"}");
    assertEquals(200, changed.status(), changed.toString());
    JsonNode shown = node.admin("GET", roomPath(venue), "").json();
    assertEquals(1200, shown.path("admitPerMinute").asInt());
    assertEquals("fifo", shown.path("order").asText());
    assertTrue(shown.path("maxActive").isNull(), "no longer bounded");

    assertEquals(200, node.admin("DELETE", roomPath(venue), "").status());
    assertEquals(404, node.admin("GET", roomPath(venue), "").status());
    assertEquals(404, node.admin("DELETE", roomPath(venue), "").status());
  }

  @Test
  void beforeTheOpeningPeopleArePrequeuedWithoutAPlace() {
    String venue = node.newVenue("wr-pre");
    LocalDate day = node.schedule(venue, 0, 10);
    String opens =
        Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS).toString();
    assertEquals(
        201, putRoom(venue, "{\"opensAt\":\"" + opens + "\",\"admitPerMinute\":60}").status());
    Response first = join(venue, "ann");
    assertEquals(201, first.status(), first.toString());
    JsonNode ticket = first.json();
    assertEquals("PREQUEUED", ticket.path("state").asText());
    assertTrue(ticket.path("position").isNull(), "no place before the opening");
    assertTrue(ticket.has("position"), "position is present, as null");
    assertEquals(opens, ticket.path("opensAt").asText());
    assertTrue(ticket.path("estimatedWaitSeconds").asLong() >= 500, ticket.toString());
    assertEquals(
        "/venues/" + venue + "/waiting-room/tickets/" + ticket.path("ticketId").asText(),
        first.header("Location"));

    Response again = join(venue, "ann");
    assertEquals(200, again.status());
    assertEquals(ticket.path("ticketId"), again.json().path("ticketId"));

    Response polled =
        node.get("/venues/" + venue + "/waiting-room/tickets/" + ticket.path("ticketId").asText());
    assertEquals(200, polled.status());
    assertEquals("PREQUEUED", polled.json().path("state").asText());

    // Nobody books before the opening without an admission.
    Response refused = book(ApiClientSlots.slot(venue, day), "ann", null);
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("/venues/" + venue + "/waiting-room", refused.json().path("waitingRoom").asText());
    assertTrue(refused.json().path("type").asText().endsWith("admission-required"));
  }

  @Test
  void onlyAnAdmittedCustomersOwnTokenBooksHoldsAndJoinsTheWaitlist() {
    String venue = node.newVenue("wr-gate");
    LocalDate day = node.schedule(venue, 0, 10);
    String slot = ApiClientSlots.slot(venue, day);
    assertEquals(201, putRoom(venue, openRoom(6000)).status());

    assertEquals(403, book(slot, "bea", null).status());
    assertEquals(
        403,
        post("/slots/" + slot + "/holds", "{\"customerId\":\"bea\"}", null).status(),
        "a hold needs an admission too");
    assertEquals(
        403,
        post("/slots/" + slot + "/waitlist", "{\"customerId\":\"bea\"}", null).status(),
        "so does the waitlist");

    String ticketId = join(venue, "bea").json().path("ticketId").asText();
    JsonNode admitted = awaitAdmitted(venue, ticketId);
    String token = admitted.path("admission").asText();
    assertFalse(token.isEmpty());
    assertTrue(
        Instant.parse(admitted.path("admissionExpiresAt").asText()).isAfter(Instant.now()),
        admitted.toString());

    // Another customer's token, a tampered one, one of another venue: refused, nothing booked.
    Response other = book(slot, "cid", token);
    assertEquals(403, other.status(), other.toString());
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    assertEquals(403, book(slot, "bea", tampered).status());
    String stretched =
        (Long.parseLong(token.substring(0, token.indexOf('.'))) + 3600)
            + token.substring(token.indexOf('.'));
    assertEquals(403, book(slot, "bea", stretched).status(), "the expiry is signed");
    String otherVenue = node.newVenue("wr-gate-other");
    LocalDate otherDay = node.schedule(otherVenue, 0, 10);
    assertEquals(201, putRoom(otherVenue, openRoom(6000)).status());
    assertEquals(403, book(ApiClientSlots.slot(otherVenue, otherDay), "bea", token).status());
    assertEquals(0, node.get("/slots/" + slot).json().path("booked").asInt());

    Response booked = book(slot, "bea", token);
    assertEquals(201, booked.status(), booked.toString());
    assertEquals(
        201,
        post(
                "/slots/" + TestNode.slotId(venue, day, "0930") + "/holds",
                "{\"customerId\":\"bea\"}",
                token)
            .status(),
        "the token serves any number of requests until it expires");

    // Removed: bookings pass freely again.
    assertEquals(200, node.admin("DELETE", roomPath(venue), "").status());
    assertEquals(201, book(slot, "dan", null).status());
  }

  @Test
  void afterTheRoomClosesBookingsPassFreely() {
    String venue = node.newVenue("wr-closed");
    LocalDate day = node.schedule(venue, 0, 10);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    assertEquals(
        201,
        putRoom(
                venue,
                "{\"opensAt\":\""
                    + now.minus(Duration.ofHours(2))
                    + "\",\"closesAt\":\""
                    + now.minus(Duration.ofHours(1))
                    + "\",\"admitPerMinute\":60}")
            .status());
    assertEquals(
        "passthrough", node.admin("GET", roomPath(venue), "").json().path("state").asText());
    assertEquals(201, book(ApiClientSlots.slot(venue, day), "eve", null).status());
    Response late = join(venue, "eve");
    assertEquals(409, late.status(), late.toString());
  }

  @Test
  void theTicketStreamSendsTheTicketThenItsAdmissionAndEnds() {
    String venue = node.newVenue("wr-stream");
    assertEquals(201, putRoom(venue, openRoom(6000)).status());
    String ticketId = join(venue, "fay").json().path("ticketId").asText();
    try (SseClient stream =
        SseClient.open(
            HTTP,
            node.baseUrl()
                + "/venues/"
                + venue
                + "/waiting-room/tickets/"
                + ticketId
                + "/stream")) {
      assertEquals(200, stream.status());
      SseClient.Event admitted =
          stream.await(
              e -> "ticket".equals(e.event()) && e.data().contains("\"ADMITTED\""),
              Duration.ofSeconds(30),
              "the admission on the stream");
      assertTrue(admitted.data().contains("\"admission\""), admitted.data());
      Polling.until(Duration.ofSeconds(10), stream::ended, "the stream to end once admitted");
    }
    assertEquals(
        404,
        node.get("/venues/" + venue + "/waiting-room/tickets/AAAAAAAAAAAAAAAA/stream").status());
  }

  @Test
  void badTicketRequestsAreClear4xx() {
    String venue = node.newVenue("wr-bad");
    assertEquals(404, join(venue, "gus").status(), "no room at this venue");
    assertEquals(201, putRoom(venue, openRoom(60)).status());
    assertEquals(400, join(venue, "not a customer id").status());
    Response empty =
        node.send(
            node.request("/venues/" + venue + "/waiting-room/tickets")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertEquals(400, empty.status());
    assertEquals(404, node.get("/venues/" + venue + "/waiting-room/tickets/nope").status());
    assertEquals(
        404, node.get("/venues/" + venue + "/waiting-room/tickets/AAAAAAAAAAAAAAAA").status());
    assertEquals(
        400, node.get("/venues/NOT_A_VENUE/waiting-room/tickets/AAAAAAAAAAAAAAAA").status());
    assertNotEquals(500, join("NOT_A_VENUE", "gus").status());
  }

  /** The 09:00 slot of a day, as {@link TestNode#schedule} defines it. */
  private static final class ApiClientSlots {
    static String slot(String venueId, LocalDate day) {
      return TestNode.slotId(venueId, day);
    }
  }
}
