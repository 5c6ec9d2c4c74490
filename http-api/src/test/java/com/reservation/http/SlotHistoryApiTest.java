package com.reservation.http;

import static com.reservation.http.ApiContractTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a slot keeps of what ended, over real HTTP (API.md's answers past the bounds, as docs/api.md
 * states them): here a slot keeps its last 2 ended records. An older released hold or cancelled
 * booking answers 404 to a look-up, a repeated release or a confirm, and a retry with its key is
 * decided as a new request; what is within the bound answers as before.
 */
class SlotHistoryApiTest {
  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir, Map.of("reservation.slot.history.keep-at-most", 2));
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

  private static Response hold(String slot, String key) {
    return post("/slots/" + slot + "/holds", "{\"customerId\":\"loop\",\"seats\":1}", key);
  }

  @Test
  void pastTheCountBoundAnEndedHoldOrBookingIsUnknownAndItsKeyIsNew() {
    String venue = node.newVenue("history");
    String slot = TestNode.slotId(venue, node.schedule(venue, 0, 3));

    Response booked =
        post("/slots/" + slot + "/bookings", "{\"customerId\":\"loop\",\"seats\":1}", "b-key");
    assertEquals(201, booked.status(), booked.body());
    String bookingId = booked.json().path("bookingId").asText();
    assertEquals(200, node.delete("/slots/" + slot + "/bookings/" + bookingId).status());

    List<String> holds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Response held = hold(slot, "h-key-" + i);
      assertEquals(201, held.status(), held.body());
      String holdId = held.json().path("holdId").asText();
      assertEquals(200, node.delete("/slots/" + slot + "/holds/" + holdId).status());
      holds.add(holdId);
    }

    // The cancelled booking and the first hold ended before the last two: dropped.
    assertProblem(node.get("/slots/" + slot + "/bookings/" + bookingId), 404, "not-found");
    assertProblem(node.delete("/slots/" + slot + "/bookings/" + bookingId), 404, "not-found");
    String first = holds.get(0);
    assertProblem(node.get("/slots/" + slot + "/holds/" + first), 404, "not-found");
    assertProblem(node.delete("/slots/" + slot + "/holds/" + first), 404, "not-found");
    assertProblem(
        post("/slots/" + slot + "/holds/" + first + "/confirm", "", null), 404, "not-found");

    // The last two are kept: looked up, released again, retried by key as before.
    String last = holds.get(2);
    assertEquals(
        "RELEASED", node.get("/slots/" + slot + "/holds/" + last).json().path("status").asText());
    Response retried = hold(slot, "h-key-2");
    assertEquals(200, retried.status(), retried.body());
    assertEquals(last, retried.json().path("holdId").asText());
    assertProblem(
        post("/slots/" + slot + "/holds/" + last + "/confirm", "", null), 409, "hold-expired");

    // A retry with a dropped record's key is a new request, checked like one.
    Response again = hold(slot, "h-key-0");
    assertEquals(201, again.status(), again.body());
    assertNotEquals(first, again.json().path("holdId").asText());
    assertEquals(1, node.get("/slots/" + slot).json().path("held").asInt());
    assertProblem(
        post("/slots/" + slot + "/bookings", "{\"customerId\":\"loop\",\"seats\":1}", "b-key"),
        409,
        "already-booked");
  }
}
