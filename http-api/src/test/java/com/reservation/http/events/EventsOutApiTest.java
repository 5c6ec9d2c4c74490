package com.reservation.http.events;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.Main;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.ChildNode;
import com.reservation.http.testing.TestNode;
import com.reservation.http.testing.WebhookReceiver;
import com.reservation.testsupport.Polling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks (admin operations; delivery to a receiver that fails sometimes and is down for a while),
 * the pull feed (paging and resuming) and the arrival curve export, against one real node with
 * short retry and flush periods.
 */
class EventsOutApiTest {
  private static final String SECRET = "a-webhook-secret-of-some-length";
  private static final String PHONE = "0177776666";

  @TempDir static Path dataDir;
  @TempDir static Path outDir;
  static TestNode node;
  static int dbPort;

  @BeforeAll
  static void start() throws Exception {
    dbPort = ChildNode.freePort();
    node =
        TestNode.start(
            dataDir,
            Map.ofEntries(
                Map.entry("reservation.node.embedded-db-port", dbPort),
                Map.entry("reservation.events.outbox.poll-interval", "50ms"),
                Map.entry("reservation.events.webhooks.poll-interval", "50ms"),
                Map.entry("reservation.events.webhooks.refresh-interval", "200ms"),
                Map.entry("reservation.events.webhooks.backoff-min", "50ms"),
                Map.entry("reservation.events.webhooks.backoff-max", "400ms"),
                Map.entry("reservation.events.webhooks.request-timeout", "2s"),
                Map.entry("reservation.events.arrivals.flush-interval", "200ms"),
                Map.entry("reservation.events.arrivals.settle", "1s")));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static Response adminGet(String path) {
    return node.send(
        node.request(path).header("Authorization", "Bearer " + TestNode.TOKEN).GET().build());
  }

  private static Response adminDelete(String path) {
    return node.send(
        node.request(path).header("Authorization", "Bearer " + TestNode.TOKEN).DELETE().build());
  }

  private static String webhook(String url, String events, String venue) {
    return "{\"url\":\""
        + url
        + "\",\"secret\":\""
        + SECRET
        + "\",\"events\":"
        + events
        + (venue == null ? "" : ",\"venueId\":\"" + venue + "\"")
        + "}";
  }

  private static String book(String slot, String customer) {
    Response r =
        node.send(
            node.bookingRequest(
                slot,
                "{\"customerId\":\"" + customer + "\",\"contact\":{\"phone\":\"" + PHONE + "\"}}",
                null));
    assertEquals(201, r.status(), r.body());
    return r.json().path("bookingId").asText();
  }

  @Test
  void webhooksAreCreatedReplacedReadAndDeletedWithoutShowingTheSecret() {
    String all = "[\"booking.confirmed\",\"booking.cancelled\"]";
    Response created =
        node.admin("PUT", "/admin/webhooks/crud-1", webhook("https://example.org/h", all, null));
    assertEquals(201, created.status(), created.body());
    assertFalse(created.body().contains(SECRET));
    Response replaced =
        node.admin(
            "PUT",
            "/admin/webhooks/crud-1",
            webhook("https://example.org/h2", "[\"hold.created\"]", "pwtc"));
    assertEquals(200, replaced.status(), replaced.body());
    JsonNode read = adminGet("/admin/webhooks/crud-1").json();
    assertEquals("https://example.org/h2", read.path("url").asText());
    assertEquals("hold.created", read.path("events").get(0).asText());
    assertEquals("pwtc", read.path("venueId").asText());
    assertEquals(0, read.path("pending").asInt());
    assertFalse(read.has("secret"));

    String[] invalid = {
      webhook("ftp://example.org", all, null),
      webhook("not a url", all, null),
      webhook("https://u:p@example.org", all, null),
      webhook("https://example.org", "[]", null),
      webhook("https://example.org", "[\"booking.exploded\"]", null),
      webhook("https://example.org", all, "BAD_VENUE"),
      "{\"url\":\"https://example.org\",\"secret\":\"short\",\"events\":" + all + "}",
      "{\"url\":\"https://example.org\",\"events\":" + all + "}",
      "[]"
    };
    for (String body : invalid)
      assertEquals(
          "invalid-request", node.admin("PUT", "/admin/webhooks/crud-2", body).problem(), body);
    assertEquals(
        "invalid-request",
        node.admin("PUT", "/admin/webhooks/bad%20id", webhook("https://example.org", all, null))
            .problem());
    assertEquals(404, adminGet("/admin/webhooks/crud-2").status());
    assertEquals(401, node.get("/admin/webhooks/crud-1").status());
    assertEquals(401, node.get("/admin/events").status());

    assertEquals(200, adminDelete("/admin/webhooks/crud-1").status());
    assertEquals(404, adminDelete("/admin/webhooks/crud-1").status());
    assertEquals(404, adminGet("/admin/webhooks/crud-1").status());
  }

  @Test
  void everyBookingEventReachesAFlakyReceiverAtLeastOnceInOrderSigned() throws Exception {
    String venue = node.newVenue("hooked");
    String other = node.newVenue("unhooked");
    LocalDate day = node.schedule(venue, 0, 50);
    node.schedule(other, 0, 50);
    try (WebhookReceiver receiver = new WebhookReceiver(3, 0);
        WebhookReceiver bystander = new WebhookReceiver(0, 0)) {
      String both = "[\"booking.confirmed\",\"booking.cancelled\"]";
      assertEquals(
          201,
          node.admin("PUT", "/admin/webhooks/flaky", webhook(receiver.url(), both, venue))
              .status());
      assertEquals(
          201,
          node.admin("PUT", "/admin/webhooks/other-venue", webhook(bystander.url(), both, other))
              .status());
      List<String> slots =
          List.of(TestNode.slotId(venue, day, "0900"), TestNode.slotId(venue, day, "0930"));
      List<String> bookings = new ArrayList<>();
      for (int i = 0; i < 6; i++)
        for (String slot : slots) bookings.add(slot + "/bookings/" + book(slot, "w" + i));
      Polling.until(
          Duration.ofSeconds(20), () -> !receiver.deliveries().isEmpty(), "the first deliveries");

      receiver.down();
      for (int i = 6; i < 10; i++)
        for (String slot : slots) bookings.add(slot + "/bookings/" + book(slot, "w" + i));
      assertEquals(200, node.delete("/slots/" + bookings.get(0)).status());
      assertEquals(200, node.delete("/slots/" + bookings.get(3)).status());
      Polling.until(
          Duration.ofSeconds(20),
          () ->
              adminGet("/admin/webhooks/flaky")
                  .json()
                  .path("lastError")
                  .asText()
                  .equals("no answer"),
          "a refused connection recorded as no answer (nothing said about the port)");
      receiver.up();

      Set<String> expected = new HashSet<>();
      for (JsonNode event : feed(null, 1000).path("events")) {
        if (event.path("venueId").asText().equals(venue)) expected.add(event.path("id").asText());
      }
      assertEquals(
          bookings.size() + 2, expected.size(), "one event per booking and per cancel in the feed");
      Polling.until(
          Duration.ofSeconds(60),
          () -> WebhookChecks.acknowledged(receiver).keySet().containsAll(expected),
          "every booking event acknowledged by the receiver");
      WebhookChecks.signedInOrderWithoutContact(receiver, SECRET, List.of(PHONE));
      assertTrue(
          receiver.deliveries().stream().anyMatch(d -> d.answered() == 500),
          "the receiver failed some");
      assertEquals(
          expected, WebhookChecks.acknowledged(receiver).keySet(), "nothing from other venues");
      long cancels =
          WebhookChecks.acknowledged(receiver).values().stream()
              .filter(e -> e.path("type").asText().equals("booking.cancelled"))
              .count();
      assertEquals(2, cancels);
      Polling.until(
          Duration.ofSeconds(10),
          () -> adminGet("/admin/webhooks/flaky").json().path("pending").asInt() == 0,
          "nothing pending");
      JsonNode status = adminGet("/admin/webhooks/flaky").json();
      assertFalse(status.path("lastDeliveredAt").isMissingNode());
      assertTrue(
          bystander.deliveries().isEmpty(), "the other venue's webhook got nothing of this venue");
      assertEquals(200, adminDelete("/admin/webhooks/flaky").status());
      assertEquals(200, adminDelete("/admin/webhooks/other-venue").status());
    }
  }

  private static JsonNode feed(String after, int limit) {
    Response page =
        adminGet("/admin/events?limit=" + limit + (after == null ? "" : "&after=" + after));
    assertEquals(200, page.status(), page.body());
    return page.json();
  }

  @Test
  void theFeedPagesAndResumesAtAnyOffset() {
    String venue = node.newVenue("feed");
    LocalDate day = node.schedule(venue, 0, 20);
    for (int i = 0; i < 7; i++) book(TestNode.slotId(venue, day), "f" + i);
    List<String> all = new ArrayList<>();
    List<String> offsets = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 1000; pages++) {
      JsonNode page = feed(after, 3);
      for (JsonNode event : page.path("events")) {
        all.add(event.path("id").asText());
        offsets.add(event.path("offset").asText());
        assertFalse(event.toString().contains(PHONE));
      }
      if (page.path("events").isEmpty() && page.path("next").asText().equals(after)) break;
      after = page.path("next").asText();
    }
    assertEquals(all, ids(feed(null, 1000)), "pages of 3 read what one page of 1000 reads");
    assertEquals(new HashSet<>(all).size(), all.size(), "no event twice");
    int k = all.size() - 5;
    assertEquals(
        all.subList(k + 1, all.size()),
        ids(feed(offsets.get(k), 1000)),
        "resuming after any offset");
    for (String bad :
        new String[] {"limit=0", "limit=1001", "limit=x", "after=garbage", "after=1-2"}) {
      assertEquals("invalid-request", adminGet("/admin/events?" + bad).problem(), bad);
    }
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("events").forEach(e -> ids.add(e.path("id").asText()));
    return ids;
  }

  @Test
  void exportArrivalsWritesTheCurveWithRejectedAttemptsAndNoPersonalData() throws Exception {
    String venue = node.newVenue("arrivals");
    LocalDate day = node.schedule(venue, 0, 2);
    String slot = TestNode.slotId(venue, day);
    Instant from = Instant.now().minusSeconds(5);
    for (int i = 0; i < 4; i++) {
      int status =
          node.send(
                  node.bookingRequest(
                      slot,
                      "{\"customerId\":\"arr" + i + "\",\"contact\":{\"phone\":\"" + PHONE + "\"}}",
                      null))
              .status();
      assertEquals(i < 2 ? 201 : 409, status);
    }
    assertEquals(400, node.send(node.bookingRequest(slot, "{\"seats\":\"x\"}", null)).status());
    Path csv = outDir.resolve(venue + ".csv");
    // As an operator beside a running node: its data directory (the password is kept there) and its
    // database's port.
    Path config =
        Files.writeString(
            outDir.resolve("node.conf"), "reservation.node.embedded-db-port = " + dbPort + "\n");
    String[] args = {
      "export-arrivals",
      "--data-dir",
      dataDir.toString(),
      "--config",
      config.toString(),
      "--venue",
      venue,
      "--from",
      from.toString(),
      "--to",
      Instant.now().plusSeconds(60).toString(),
      "--out",
      csv.toString()
    };
    Polling.until(
        Duration.ofSeconds(20),
        () -> Main.commandLine().execute(args) == 0 && total(csv, 6) == 4,
        "the four attempts in the exported curve");
    List<String> lines = Files.readAllLines(csv);
    assertEquals(
        "offset_seconds,second,slot,slot_id,slot_start,capacity,attempts,confirmed,rejected,refused",
        lines.get(0));
    assertEquals(2, total(csv, 7), "confirmed");
    assertEquals(2, total(csv, 8), "rejected: slot-full");
    assertTrue(lines.get(1).startsWith("0,"), lines.get(1));
    assertTrue(lines.get(1).contains("," + slot + "," + day + "T09:00,2,"), lines.get(1));
    String text = Files.readString(csv);
    assertFalse(text.contains(PHONE) || text.contains("arr0"), text);
    assertEquals(
        2,
        Main.commandLine()
            .execute(
                "export-arrivals",
                "--venue",
                venue,
                "--from",
                "yesterday",
                "--to",
                "x",
                "--data-dir",
                args[2],
                "--config",
                args[4]));
  }

  /** The sum of a CSV column over its rows (0 when the file is not there yet). */
  private static long total(Path csv, int column) {
    try {
      if (!Files.exists(csv)) return 0;
      return Files.readAllLines(csv).stream()
          .skip(1)
          .mapToLong(l -> Long.parseLong(l.split(",", -1)[column]))
          .sum();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
