package com.reservation.http.events;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.TestNode;
import com.reservation.http.testing.TricklingReceiver;
import com.reservation.http.testing.WebhookReceiver;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook's backlog is bounded however long its receiver is away: beyond {@code max-pending} the
 * oldest deliveries, and those older than {@code retry-for}, move to the dead letter (the admin
 * view counts them, {@code /metrics} too), and a receiver that trickles its answer is cut at the
 * whole-attempt deadline and tried again. Real nodes, real receivers on 127.0.0.1.
 */
class WebhookBacklogTest {
  private static final String SECRET = "a-webhook-secret-of-some-length";
  private static final int MAX_PENDING = 5;
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    Map<String, Object> settings = quickDelivery();
    settings.put("reservation.events.webhooks.max-pending", MAX_PENDING);
    settings.put("reservation.events.webhooks.request-timeout", DEADLINE.toMillis() + "ms");
    settings.put("reservation.events.webhooks.backoff-min", "50ms");
    settings.put("reservation.events.webhooks.backoff-max", "400ms");
    node = TestNode.start(dataDir, settings);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static Map<String, Object> quickDelivery() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("reservation.events.outbox.poll-interval", "50ms");
    settings.put("reservation.events.webhooks.poll-interval", "50ms");
    settings.put("reservation.events.webhooks.refresh-interval", "200ms");
    settings.put("reservation.events.webhooks.backlog-check-interval", "200ms");
    return settings;
  }

  @Test
  void aFullBacklogMovesItsOldestDeliveriesToTheDeadLetter() throws Exception {
    String venue = node.newVenue("backlog");
    LocalDate day = node.schedule(venue, 0, 50);
    try (WebhookReceiver receiver = new WebhookReceiver(0, 0)) {
      receiver.down();
      register(node, "backlog-count", receiver.url(), venue);
      for (int i = 0; i < 12; i++)
        book(node, TestNode.slotId(venue, day, i % 2 == 0 ? "0900" : "0930"), "b" + i);
      // The feed shows an event once its journal row is readable: wait for all twelve.
      List<String> events =
          Polling.until(
              Duration.ofSeconds(10),
              Duration.ofMillis(100),
              () -> eventIds(node, venue),
              ids -> ids.size() >= 12,
              "the twelve bookings' events in the feed");
      assertEquals(12, events.size(), "one event per booking, in journal order");

      Polling.until(
          Duration.ofSeconds(20),
          () -> status(node, "backlog-count").path("deadLettered").asLong() == 12 - MAX_PENDING,
          "the 7 oldest deliveries moved to the dead letter");
      JsonNode status = status(node, "backlog-count");
      assertEquals(MAX_PENDING, status.path("pending").asInt(), status.toString());
      assertEquals(0, status.path("abandoned").asInt(), "none was too old");
      assertEquals(
          events.subList(0, 12 - MAX_PENDING),
          deadLetters(dataDir, "backlog-count", "max-pending"),
          "the oldest went, in order, their bodies kept");
      assertTrue(
          deadLetteredMetric(node, "max-pending") >= 12 - MAX_PENDING,
          "counted in /metrics: " + node.get("/metrics").body());

      receiver.up();
      Polling.until(
          Duration.ofSeconds(30),
          () -> status(node, "backlog-count").path("pending").asInt() == 0,
          "the backlog delivered once the receiver is back");
      assertEquals(
          new java.util.HashSet<>(events.subList(12 - MAX_PENDING, 12)),
          WebhookChecks.acknowledged(receiver).keySet(),
          "the receiver got the newest five, none of the dead letters");
      assertEquals(200, admin(node, "DELETE", "/admin/webhooks/backlog-count").status());
    }
  }

  @Test
  void deliveriesOlderThanTheRetryPeriodLeaveTheBacklogDuringABackoff(@TempDir Path otherDir)
      throws Exception {
    Map<String, Object> settings = quickDelivery();
    settings.put("reservation.events.webhooks.retry-for", "2s");
    // After its first failure the lane waits a minute: the age bound must not wait for an attempt.
    settings.put("reservation.events.webhooks.backoff-min", "60s");
    settings.put("reservation.events.webhooks.backoff-max", "60s");
    try (TestNode aged = TestNode.start(otherDir, settings);
        WebhookReceiver receiver = new WebhookReceiver(0, 0)) {
      receiver.down();
      String venue = aged.newVenue("aged");
      LocalDate day = aged.schedule(venue, 0, 50);
      register(aged, "backlog-age", receiver.url(), venue);
      for (int i = 0; i < 4; i++) book(aged, TestNode.slotId(venue, day), "a" + i);
      // The feed shows an event once its journal row is readable: wait for all four.
      List<String> events =
          Polling.until(
              Duration.ofSeconds(10),
              Duration.ofMillis(100),
              () -> eventIds(aged, venue),
              ids -> ids.size() == 4,
              "the four bookings' events in the feed");
      Polling.until(
          Duration.ofSeconds(10),
          () -> status(aged, "backlog-age").path("lastError").asText().equals("no answer"),
          "a first failed attempt (then a minute of backoff)");
      long failedAt = System.nanoTime();

      Polling.until(
          Duration.ofSeconds(20),
          () -> status(aged, "backlog-age").path("deadLettered").asLong() == 4,
          "every delivery older than retry-for moved to the dead letter");
      assertTrue(
          System.nanoTime() - failedAt < Duration.ofSeconds(50).toNanos(), "within the backoff");
      JsonNode status = status(aged, "backlog-age");
      assertEquals(0, status.path("pending").asInt(), status.toString());
      assertEquals(4, status.path("abandoned").asInt(), "too old is abandoned, as before");
      assertEquals(events, deadLetters(otherDir, "backlog-age", "retry-for"));
      assertTrue(deadLetteredMetric(aged, "retry-for") >= 4);
    }
  }

  @Test
  void aReceiverTricklingItsAnswerIsCutAtTheDeadlineAndTriedAgain() throws Exception {
    String venue = node.newVenue("trickle");
    LocalDate day = node.schedule(venue, 0, 50);
    try (TricklingReceiver slowHeaders = new TricklingReceiver(TricklingReceiver.Part.HEADERS);
        TricklingReceiver slowBody = new TricklingReceiver(TricklingReceiver.Part.BODY)) {
      register(node, "trickle-headers", slowHeaders.url(), venue);
      register(node, "trickle-body", slowBody.url(), venue);
      book(node, TestNode.slotId(venue, day), "t0");

      for (TricklingReceiver receiver : List.of(slowHeaders, slowBody)) {
        Polling.until(
            Duration.ofSeconds(30),
            () -> receiver.connections().size() >= 2 && receiver.connections().get(0).closed(),
            "the first attempt cut and a second one made (" + receiver.url() + ")");
        TricklingReceiver.Connection first = receiver.connections().get(0);
        Duration held = Duration.ofNanos(first.closedNanos() - first.acceptedNanos());
        // The deadline plus generous slack for a loaded machine; the old code never let go.
        assertTrue(
            held.compareTo(DEADLINE.plusSeconds(3)) < 0, "the attempt was held open for " + held);
      }
      for (String id : List.of("trickle-headers", "trickle-body")) {
        JsonNode status = status(node, id);
        assertEquals("no answer", status.path("lastError").asText(), status.toString());
        assertEquals(1, status.path("pending").asInt(), "still to be delivered: " + status);
        assertEquals(200, admin(node, "DELETE", "/admin/webhooks/" + id).status());
      }
    }
  }

  private static void register(TestNode on, String id, String url, String venue) {
    Response put =
        on.admin(
            "PUT",
            "/admin/webhooks/" + id,
            "{\"url\":\""
                + url
                + "\",\"secret\":\""
                + SECRET
                + "\",\"events\":[\"booking.confirmed\"],\"venueId\":\""
                + venue
                + "\"}");
    assertEquals(201, put.status(), put.body());
  }

  private static void book(TestNode on, String slot, String customer) {
    Response r = on.book(slot, customer);
    assertEquals(201, r.status(), r.body());
  }

  private static Response admin(TestNode on, String method, String path) {
    return on.send(
        on.request(path)
            .header("Authorization", "Bearer " + TestNode.TOKEN)
            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private static JsonNode status(TestNode on, String id) {
    Response r = admin(on, "GET", "/admin/webhooks/" + id);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** The venue's event ids in journal order, from the pull feed. */
  private static List<String> eventIds(TestNode on, String venue) {
    List<String> ids = new ArrayList<>();
    for (JsonNode e : admin(on, "GET", "/admin/events?limit=1000").json().path("events"))
      if (e.path("venueId").asText().equals(venue)) ids.add(e.path("id").asText());
    return ids;
  }

  /** The webhook's dead letters' event ids in outbox order; each has the reason and a body. */
  private static List<String> deadLetters(Path data, String webhookId, String reason)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = NodeDatabase.connect(data);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event_id, reason, body FROM webhook_dead_letter WHERE webhook_id = ?"
                    + " ORDER BY delivery_id")) {
      s.setString(1, webhookId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          assertEquals(reason, rs.getString(2));
          JsonNode body = WebhookChecks.parse(rs.getBytes(3));
          assertEquals(rs.getString(1), body.path("id").asText(), "the delivery's exact body");
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static double deadLetteredMetric(TestNode on, String reason) {
    Matcher m =
        Pattern.compile(
                "reservation_webhook_dead_lettered_total\\{[^}]*reason=\""
                    + reason
                    + "\"[^}]*\\} ([0-9.eE+]+)")
            .matcher(on.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
