package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.ADMIN_TOKEN;
import static com.reservation.http.cluster.ProcessCluster.HTTP;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.engine.events.webhook.Signature;
import com.reservation.http.cluster.ProcessCluster.Formation;
import com.reservation.http.testing.WebhookReceiver;
import com.reservation.testsupport.Polling;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL and two node processes; four webhooks (one per delivery worker) with slow receivers on
 * 127.0.0.1. While they are being delivered, node 1 is killed with SIGKILL. It formed the cluster,
 * so it runs every delivery worker and the outbox projection (a sharded daemon process places its
 * instances as soon as the first node is up). Afterwards every booking event of the venue has
 * reached every receiver at least once, each slot's events in order, signed, without contact data:
 * the workers resumed on node 2 from what the database held.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WebhookKillProcessTest {
  private static final String VENUE = "hook-hall";
  private static final String SECRET = "process-test-webhook-secret";
  private static final String PHONE = "0123450000";
  private static final int WORKERS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final ProcessCluster cluster =
      new ProcessCluster(
          "webhook-kill",
          2,
          // Node 1 forms the cluster, so it runs every delivery worker and the outbox projection.
          Formation.FIRST_FORMS_IT,
          "reservation.events.outbox.poll-interval = 50ms\n"
              + "reservation.events.webhooks { workers = "
              + WORKERS
              + ", poll-interval = 50ms, refresh-interval = 300ms,"
              + " backoff-min = 100ms, backoff-max = 1s, batch-size = 5,"
              // The receivers listen on 127.0.0.1.
              + " allow-private-targets = true }\n");

  private static final List<WebhookReceiver> receivers = new ArrayList<>();

  @AfterAll
  static void stop() {
    // Closed first: the cluster extension stops the nodes after the @AfterAll methods.
    receivers.forEach(WebhookReceiver::close);
  }

  @Test
  void aNodeKilledDuringDeliveryLosesNoEvent() throws Exception {
    String node1 = cluster.baseUrls.get(0);
    String survivor = cluster.baseUrls.get(1);
    assertEquals(
        201,
        send("PUT", node1 + "/admin/venues/" + VENUE, "{\"name\":\"Hooks\",\"timeZone\":\"UTC\"}")
            .statusCode());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(20);
    assertEquals(
        200,
        send(
                "POST",
                node1 + "/admin/venues/" + VENUE + "/schedules",
                "{\"from\":\""
                    + day
                    + "\",\"to\":\""
                    + day
                    + "\",\"dailyStart\":\"09:00\",\"dailyEnd\":\"10:00\",\"slotMinutes\":20,\"capacity\":50}")
            .statusCode());
    // One webhook per worker, so whichever workers node 2 runs have deliveries in flight when it
    // dies.
    List<String> ids = webhookIdsCoveringEveryWorker();
    for (String id : ids) {
      WebhookReceiver receiver = new WebhookReceiver(0, 60);
      receivers.add(receiver);
      String body =
          "{\"url\":\""
              + receiver.url()
              + "\",\"secret\":\""
              + SECRET
              + "\",\"events\":[\"booking.confirmed\",\"booking.cancelled\"],\"venueId\":\""
              + VENUE
              + "\"}";
      assertEquals(201, send("PUT", node1 + "/admin/webhooks/" + id, body).statusCode());
    }
    String dayText = day.toString().replace("-", "");
    List<String> slots =
        List.of(
            VENUE + "_" + dayText + "_0900",
            VENUE + "_" + dayText + "_0920",
            VENUE + "_" + dayText + "_0940");
    int booked = 0;
    for (int i = 0; i < 15; i++) {
      for (String slot : slots) {
        HttpResponse<String> r =
            send(
                "POST",
                cluster.baseUrls.get(i % 2) + "/slots/" + slot + "/bookings",
                "{\"customerId\":\"k" + i + "\",\"contact\":{\"phone\":\"" + PHONE + "\"}}");
        assertEquals(201, r.statusCode(), r.body());
        booked++;
      }
    }
    Polling.until(
        Duration.ofSeconds(60),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> receivers.stream().allMatch(r -> r.deliveries().size() >= 5),
        "deliveries under way");
    cluster.nodes.get(0).kill();
    long killedAt = System.nanoTime();
    int events = booked;
    assertTrue(
        receivers.stream().anyMatch(r -> r.deliveries().size() < events),
        "the kill came during delivery");

    Set<String> expected = new HashSet<>();
    JsonNode page = JSON.readTree(send("GET", survivor + "/admin/events?limit=1000", null).body());
    page.path("events")
        .forEach(
            e -> {
              if (e.path("venueId").asText().equals(VENUE)) expected.add(e.path("id").asText());
            });
    assertEquals(booked, expected.size(), "the feed lists every booking");
    for (WebhookReceiver receiver : receivers) {
      Polling.until(
          Duration.ofSeconds(120),
          ClusterTestSupport.CHECK_INTERVAL,
          () -> firstReceipts(receiver).keySet().containsAll(expected),
          "every event at " + receiver.url());
      checkSignedInOrderWithoutContact(receiver);
    }
    int received = receivers.stream().mapToInt(r -> r.deliveries().size()).sum();
    System.out.printf(
        "Webhooks after SIGKILL of node 1: %d events x %d webhooks delivered in %.1f s; %d requests in all (retries and duplicates included)%n",
        expected.size(), receivers.size(), (System.nanoTime() - killedAt) / 1e9, received);
  }

  /** Webhook ids whose hashes fall on each of the workers. */
  private static List<String> webhookIdsCoveringEveryWorker() {
    String[] byWorker = new String[WORKERS];
    for (int n = 0; java.util.Arrays.asList(byWorker).contains(null); n++) {
      String id = "hook-" + n;
      int worker = Math.floorMod(id.hashCode(), WORKERS);
      if (byWorker[worker] == null) byWorker[worker] = id;
    }
    return List.of(byWorker);
  }

  private static Map<String, byte[]> firstReceipts(WebhookReceiver receiver) {
    Map<String, byte[]> first = new HashMap<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries())
      if (d.answered() / 100 == 2) first.putIfAbsent(d.eventId(), d.body());
    return first;
  }

  private static void checkSignedInOrderWithoutContact(WebhookReceiver receiver) {
    Map<String, long[]> last = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries()) {
      assertEquals(Signature.of(SECRET, d.body()), d.signature());
      assertFalse(new String(d.body(), StandardCharsets.UTF_8).contains(PHONE));
      if (!seen.add(d.eventId())) continue;
      String[] id = d.eventId().split(":");
      long[] position = {Long.parseLong(id[1]), Long.parseLong(id[2])};
      long[] before = last.put(id[0], position);
      if (before != null) {
        assertTrue(
            before[0] < position[0] || (before[0] == position[0] && before[1] < position[1]),
            "order of " + id[0]);
      }
    }
  }

  private static HttpResponse<String> send(String method, String url, String json) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + ADMIN_TOKEN);
      if (json == null) request.method(method, HttpRequest.BodyPublishers.noBody());
      else
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json));
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(url + ": " + e, e);
    }
  }
}
