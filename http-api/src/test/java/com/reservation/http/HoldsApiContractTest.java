package com.reservation.http;

import static com.reservation.http.ApiContractTest.assertProblem;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status codes and problem types of API.md's "Holds, waitlist and per-customer limits" against
 * a real node over real HTTP. Holds may be as short as 1 s here (the contract's minimum is 30 s) so
 * that expiry is seen quickly, and a waitlist holds 2 entries. Each test uses its own venue.
 */
class HoldsApiContractTest {
  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            dataDir,
            Map.of(
                "reservation.slot.holds.min-ttl", "1s", "reservation.slot.holds.max-waitlist", 2));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static Response post(String path, String json, String idempotencyKey) {
    HttpRequest.Builder request =
        node.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
    return node.send(request.build());
  }

  private static Response hold(
      String slot, String customerId, int seats, Integer ttlSeconds, String key) {
    String ttl = ttlSeconds == null ? "" : ",\"ttlSeconds\":" + ttlSeconds;
    return post(
        "/slots/" + slot + "/holds",
        "{\"customerId\":\"" + customerId + "\",\"seats\":" + seats + ttl + "}",
        key);
  }

  private static Response join(String slot, String customerId, int seats) {
    return post(
        "/slots/" + slot + "/waitlist",
        "{\"customerId\":\"" + customerId + "\",\"seats\":" + seats + "}",
        null);
  }

  private static Response confirm(String slot, String holdId) {
    return post("/slots/" + slot + "/holds/" + holdId + "/confirm", "", null);
  }

  @Test
  void aHoldTakesSeatsAtOnceAndConfirmsOnceIntoABooking() {
    String venue = node.newVenue("hold");
    String slot = TestNode.slotId(venue, node.schedule(venue, 0, 5));

    Response held = hold(slot, "h-1", 2, 300, "hold-key");
    assertEquals(201, held.status(), held.body());
    JsonNode hold = held.json();
    String holdId = hold.path("holdId").asText();
    assertEquals("/slots/" + slot + "/holds/" + holdId, held.header("Location"));
    assertEquals(slot, hold.path("slotId").asText());
    assertEquals("h-1", hold.path("customerId").asText());
    assertEquals(2, hold.path("seats").asInt());
    assertEquals("HELD", hold.path("status").asText());
    Instant expiresAt = Instant.parse(hold.path("expiresAt").asText());
    assertTrue(
        Duration.between(Instant.now(), expiresAt).toSeconds() > 250,
        "ttlSeconds 300: " + expiresAt);
    JsonNode slotView = node.get("/slots/" + slot).json();
    assertEquals(2, slotView.path("held").asInt());
    assertEquals(3, slotView.path("available").asInt(), "available = capacity - booked - held");

    Response replay = hold(slot, "h-1", 2, 300, "hold-key");
    assertEquals(200, replay.status(), replay.body());
    assertEquals(holdId, replay.json().path("holdId").asText());
    assertProblem(hold(slot, "h-1", 1, 300, "hold-key"), 422, "idempotency-key-reused");
    assertProblem(hold(slot, "h-1", 1, 300, null), 409, "already-booked");
    assertProblem(node.book(slot, "h-1"), 409, "already-booked");

    Response confirmed = confirm(slot, holdId);
    assertEquals(201, confirmed.status(), confirmed.body());
    JsonNode booking = confirmed.json();
    String bookingId = booking.path("bookingId").asText();
    assertEquals("/slots/" + slot + "/bookings/" + bookingId, confirmed.header("Location"));
    assertEquals("CONFIRMED", booking.path("status").asText());
    assertEquals(holdId, booking.path("holdId").asText());
    assertEquals(2, booking.path("seats").asInt());

    Response again = confirm(slot, holdId);
    assertEquals(200, again.status(), again.body());
    assertEquals(bookingId, again.json().path("bookingId").asText());
    JsonNode afterwards = node.get("/slots/" + slot + "/holds/" + holdId).json();
    assertEquals("CONFIRMED", afterwards.path("status").asText());
    assertEquals(bookingId, afterwards.path("bookingId").asText());
    assertEquals(
        holdId,
        node.get("/slots/" + slot + "/bookings/" + bookingId).json().path("holdId").asText());
    assertProblem(node.delete("/slots/" + slot + "/holds/" + holdId), 409, "conflict");
    slotView = node.get("/slots/" + slot).json();
    assertEquals(2, slotView.path("booked").asInt());
    assertEquals(0, slotView.path("held").asInt());
  }

  @Test
  void aReleasedOrExpiredHoldCannotBeConfirmedAndItsSeatsGoBack() {
    String venue = node.newVenue("release");
    String slot = TestNode.slotId(venue, node.schedule(venue, 0, 2));

    String released = hold(slot, "r-1", 1, null, null).json().path("holdId").asText();
    Response release = node.delete("/slots/" + slot + "/holds/" + released);
    assertEquals(200, release.status(), release.body());
    assertEquals("RELEASED", release.json().path("status").asText());
    assertEquals(
        release.json(),
        node.delete("/slots/" + slot + "/holds/" + released).json(),
        "a repeat, same answer");
    assertProblem(confirm(slot, released), 409, "hold-expired");

    Response shortHold = hold(slot, "r-2", 2, 1, null);
    assertEquals(201, shortHold.status(), shortHold.body());
    String expiring = shortHold.json().path("holdId").asText();
    assertProblem(node.book(slot, "r-3"), 409, "slot-full");
    Polling.until(
        Duration.ofSeconds(5),
        () ->
            node.get("/slots/" + slot + "/holds/" + expiring)
                .json()
                .path("status")
                .asText()
                .equals("EXPIRED"),
        "the hold to expire");
    assertProblem(confirm(slot, expiring), 409, "hold-expired");
    assertEquals(
        2, node.get("/slots/" + slot).json().path("available").asInt(), "the seats went back");
    assertEquals(201, node.book(slot, "r-3").status());
  }

  @Test
  void holdRequestsAreValidatedAndUnknownHoldsAre404() {
    String venue = node.newVenue("hold-bad");
    LocalDate day = node.schedule(venue, 0, 2);
    String slot = TestNode.slotId(venue, day);
    assertProblem(hold(slot, "b-1", 3, null, null), 409, "slot-full");
    for (String body :
        new String[] {
          "{}",
          "{\"customerId\":\"b 1\"}",
          "{\"customerId\":\"b\",\"ttlSeconds\":901}",
          "{\"customerId\":\"b\",\"ttlSeconds\":0}",
          "{\"customerId\":\"b\",\"ttlSeconds\":\"60\"}",
          "{\"customerId\":\"b\",\"seats\":11}"
        }) {
      assertProblem(post("/slots/" + slot + "/holds", body, null), 400, "invalid-request");
    }
    assertProblem(
        post("/slots/" + slot + "/holds", "{\"customerId\":\"b\"}", "has space"),
        400,
        "invalid-request");
    assertProblem(
        node.send(
            node.request("/slots/" + slot + "/holds")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("b"))
                .build()),
        415,
        "unsupported-media-type");
    assertProblem(node.get("/slots/" + slot + "/holds/unknownHoldId00000000"), 404, "not-found");
    assertProblem(node.get("/slots/" + slot + "/holds/not*an*id"), 404, "not-found");
    assertProblem(confirm(slot, "unknownHoldId00000000"), 404, "not-found");
    assertProblem(node.delete("/slots/" + slot + "/holds/unknownHoldId00000000"), 404, "not-found");
    assertProblem(node.get("/slots/bad_slot/holds/x"), 400, "invalid-request");
    assertProblem(hold(TestNode.slotId(venue, day, "1500"), "b", 1, null, null), 404, "not-found");
    assertProblem(node.get("/slots/" + slot + "/holds"), 405, "method-not-allowed");
    assertProblem(node.get("/slots/" + slot + "/waitlist/unknownEntryId000000"), 404, "not-found");
    assertProblem(
        node.delete("/slots/" + slot + "/waitlist/unknownEntryId000000"), 404, "not-found");
  }

  @Test
  void theWaitlistOffersFreedSeatsInOrderAsHolds() {
    String venue = node.newVenue("wait");
    LocalDate day = node.schedule(venue, 0, 1);
    String slot = TestNode.slotId(venue, day);
    assertProblem(join(slot, "w-0", 1), 409, "seats-available");
    String bookingId = node.book(slot, "owner").json().path("bookingId").asText();

    Response first = join(slot, "w-1", 1);
    assertEquals(201, first.status(), first.body());
    String entryId = first.json().path("entryId").asText();
    assertEquals("/slots/" + slot + "/waitlist/" + entryId, first.header("Location"));
    assertEquals("WAITING", first.json().path("status").asText());
    assertEquals(1, first.json().path("position").asInt());
    Response second = join(slot, "w-2", 1);
    assertEquals(2, second.json().path("position").asInt());
    assertProblem(join(slot, "w-1", 1), 409, "already-booked");
    assertProblem(join(slot, "w-3", 1), 409, "waitlist-full");
    Polling.until(
        Duration.ofSeconds(5),
        () ->
            node.get("/venues/" + venue + "/days/" + day + "/slots")
                    .json()
                    .path("slots")
                    .path(0)
                    .path("waitlist")
                    .asInt()
                == 2,
        "the timetable to show the waitlist length");

    String secondId = second.json().path("entryId").asText();
    Response left = node.delete("/slots/" + slot + "/waitlist/" + secondId);
    assertEquals(200, left.status());
    assertEquals("LEFT", left.json().path("status").asText());
    assertEquals(
        "LEFT",
        node.delete("/slots/" + slot + "/waitlist/" + secondId).json().path("status").asText());

    assertEquals(200, node.delete("/slots/" + slot + "/bookings/" + bookingId).status());
    JsonNode offered = node.get("/slots/" + slot + "/waitlist/" + entryId).json();
    assertEquals("OFFERED", offered.path("status").asText(), offered.toString());
    assertTrue(offered.path("expiresAt").isTextual());
    assertEquals(1, node.get("/slots/" + slot).json().path("held").asInt());
    Response booked = confirm(slot, offered.path("holdId").asText());
    assertEquals(201, booked.status(), booked.body());
    assertEquals("w-1", booked.json().path("customerId").asText());
    JsonNode done = node.get("/slots/" + slot + "/waitlist/" + entryId).json();
    assertEquals("CONFIRMED", done.path("status").asText());
    assertEquals(booked.json().path("bookingId").asText(), done.path("bookingId").asText());
  }

  @Test
  void calendarAndTimetableShowHeldSeats() {
    String venue = node.newVenue("held-view");
    LocalDate day = node.schedule(venue, 0, 4);
    String slot = TestNode.slotId(venue, day);
    assertEquals(201, hold(slot, "v-1", 3, null, null).status());

    String calendar = "/venues/" + venue + "/calendar?from=" + day + "&to=" + day;
    Polling.until(
        Duration.ofSeconds(5),
        () -> node.get(calendar).json().path("days").path(0).path("held").asInt() == 3,
        "held seats");
    JsonNode first = node.get(calendar).json().path("days").path(0);
    assertEquals(5, first.path("available").asInt(), "4 + 4 seats less the 3 held");
    JsonNode timetable =
        node.get("/venues/" + venue + "/days/" + day + "/slots").json().path("slots").path(0);
    assertEquals(3, timetable.path("held").asInt());
    assertEquals(1, timetable.path("available").asInt());
    assertEquals(0, timetable.path("waitlist").asInt());
  }

  @Test
  void aVenueLimitsEachCustomersActiveBookingsAndHolds() {
    String venue = node.newVenue("limit");
    Response limited =
        node.admin(
            "PUT",
            "/admin/venues/" + venue,
            "{\"name\":\"Limited\",\"timeZone\":\"UTC\",\"maxActiveBookingsPerCustomer\":2,\"waitlistPolicy\":\"FIRST_FIT\"}");
    assertEquals(200, limited.status(), limited.body());
    assertEquals(2, limited.json().path("maxActiveBookingsPerCustomer").asInt());
    assertEquals("FIRST_FIT", limited.json().path("waitlistPolicy").asText());
    LocalDate day = node.schedule(venue, 0, 5);

    LocalDate nextDay = node.schedule(venue, 1, 5);
    String other = TestNode.slotId(venue, nextDay);

    assertEquals(201, node.book(TestNode.slotId(venue, day, "0900"), "lim-1").status());
    String holdId =
        hold(TestNode.slotId(venue, day, "0930"), "lim-1", 1, null, null)
            .json()
            .path("holdId")
            .asText();
    assertProblem(node.book(other, "lim-1"), 409, "customer-limit-reached");
    assertProblem(hold(other, "lim-1", 1, null, null), 409, "customer-limit-reached");
    assertEquals(
        201, node.book(other, "lim-2").status(), "another customer has an allowance of their own");

    assertEquals(
        200,
        node.delete("/slots/" + TestNode.slotId(venue, day, "0930") + "/holds/" + holdId).status());
    Polling.until(
        Duration.ofSeconds(5),
        () -> node.book(other, "lim-1").status() == 201,
        "the release to free the allowance");

    for (String body :
        new String[] {
          "{\"name\":\"L\",\"timeZone\":\"UTC\",\"maxActiveBookingsPerCustomer\":0}",
          "{\"name\":\"L\",\"timeZone\":\"UTC\",\"maxActiveBookingsPerCustomer\":\"2\"}",
          "{\"name\":\"L\",\"timeZone\":\"UTC\",\"waitlistPolicy\":\"LIFO\"}"
        }) {
      assertProblem(node.admin("PUT", "/admin/venues/" + venue, body), 400, "invalid-request");
    }
    Response unlimited =
        node.admin("PUT", "/admin/venues/" + venue, "{\"name\":\"Limited\",\"timeZone\":\"UTC\"}");
    assertEquals(200, unlimited.status());
    assertTrue(
        unlimited.json().path("maxActiveBookingsPerCustomer").isMissingNode(), "absent: no limit");
  }
}
