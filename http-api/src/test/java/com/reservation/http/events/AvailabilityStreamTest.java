package com.reservation.http.events;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.SseClient;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /venues/{venueId}/availability/stream} against a real node: the snapshot, a change
 * within 1 s, at most one event per slot per 250 ms, heartbeats (every 300 ms here), the bound on
 * open streams, and no contact data.
 */
class AvailabilityStreamTest {
  private static final int MAX_STREAMS = 4;
  private static final int PER_CLIENT = 2;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            dataDir,
            Map.of(
                "reservation.http.live.heartbeat",
                "300ms",
                "reservation.http.live.max-streams",
                MAX_STREAMS,
                "reservation.http.live.max-streams-per-client",
                PER_CLIENT,
                // The test's clients name themselves through a "proxy" on 127.0.0.1.
                "reservation.http.rate-limit.trusted-proxies",
                List.of("127.0.0.1"),
                "reservation.http.live.resync",
                "1s",
                "reservation.http.live.linger",
                "1s"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static SseClient open(String venue, LocalDate day) {
    return open(venue, day, null);
  }

  private static SseClient open(String venue, LocalDate day, String client) {
    return SseClient.open(
        HTTP, node.baseUrl() + "/venues/" + venue + "/availability/stream?date=" + day, client);
  }

  private static JsonNode json(SseClient.Event event) {
    try {
      return ApiClient.JSON.readTree(event.data());
    } catch (IOException e) {
      throw new AssertionError(event.data(), e);
    }
  }

  /**
   * Dates outside the venue's schedule make nothing: a stranger looping over dates gets 404s, and
   * the node holds no more hubs and topics than before.
   */
  @Test
  void datesOutsideTheScheduleAnswer404AndMakeNothing() throws Exception {
    String venue = node.newVenue("stream-dates");
    LocalDate day = node.schedule(venue, 0, 5);
    int topicsBefore = node.node().engine().events().topics().count();
    List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<Void>>> answers =
        new ArrayList<>();
    for (int i = 1; i <= 5_000; i++) {
      LocalDate outside = i % 2 == 0 ? day.plusDays(i) : day.minusDays(i);
      answers.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(
                      java.net.URI.create(
                          node.baseUrl()
                              + "/venues/"
                              + venue
                              + "/availability/stream?date="
                              + outside))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding()));
      if (answers.size() == 200) {
        for (var answer : answers) assertEquals(404, answer.get().statusCode());
        answers.clear();
      }
    }
    for (var answer : answers) assertEquals(404, answer.get().statusCode());
    assertEquals(topicsBefore, node.node().engine().events().topics().count(), "no topic was made");
    var problem = node.get("/venues/" + venue + "/availability/stream?date=" + day.plusDays(9));
    assertEquals(404, problem.status());
    assertEquals("not-found", problem.problem());
    try (SseClient inside = open(venue, day)) {
      assertEquals(200, inside.status(), "a scheduled day still streams");
    }
  }

  @Test
  void aViewerGetsTheDayThenEachChangeWithinASecondAndHeartbeats() {
    String venue = node.newVenue("stream");
    LocalDate day = node.schedule(venue, 0, 5);
    String slot = TestNode.slotId(venue, day);
    try (SseClient viewer = open(venue, day)) {
      assertEquals(200, viewer.status());
      assertTrue(
          viewer.header("Content-Type").startsWith("text/event-stream"),
          viewer.header("Content-Type"));
      SseClient.Event snapshot =
          viewer.await(e -> !e.isComment(), Duration.ofSeconds(10), "the snapshot");
      assertEquals("snapshot", snapshot.event(), "the first event is the snapshot");
      JsonNode days = json(snapshot);
      assertEquals(venue, days.path("venueId").asText());
      assertEquals(2, days.path("slots").size(), "09:00 and 09:30");
      assertEquals(slot, days.path("slots").get(0).path("slotId").asText());
      assertEquals(5, days.path("slots").get(0).path("available").asInt());
      assertEquals("OPEN", days.path("slots").get(0).path("status").asText());

      long before = System.nanoTime();
      ApiClient.Response booked =
          node.send(
              node.bookingRequest(
                  slot,
                  "{\"customerId\":\"cust-zz9\",\"seats\":2,\"contact\":{\"phone\":\"0199998888\"}}",
                  null));
      assertEquals(201, booked.status(), booked.body());
      SseClient.Event change =
          viewer.await(e -> e.event().equals("slot"), Duration.ofSeconds(5), "the slot event");
      assertTrue(
          change.receivedNanos() - before < Duration.ofSeconds(1).toNanos(),
          "within 1 s of the booking");
      JsonNode slotNow = json(change);
      assertEquals(slot, slotNow.path("slotId").asText());
      assertEquals(2, slotNow.path("booked").asInt());
      assertEquals(0, slotNow.path("held").asInt());
      assertEquals(3, slotNow.path("available").asInt());
      assertEquals(5, slotNow.path("capacity").asInt());
      assertEquals("OPEN", slotNow.path("status").asText());
      assertTrue(slotNow.has("changedAt"));

      viewer.await(
          e -> e.isComment() && e.receivedNanos() > change.receivedNanos(),
          Duration.ofSeconds(3),
          "a heartbeat");
      assertTrue(
          viewer.events().stream()
              .noneMatch(e -> e.data().contains("0199998888") || e.data().contains("cust-zz9")));
    }
  }

  @Test
  void heldSeatsAreCountedInTheStreamAsTheSlotCountsThem() {
    String venue = node.newVenue("heldstream");
    LocalDate day = node.schedule(venue, 0, 10);
    String slot = TestNode.slotId(venue, day);
    try (SseClient viewer = open(venue, day)) {
      viewer.await(e -> e.event().equals("snapshot"), Duration.ofSeconds(10), "the snapshot");
      ApiClient.Response held =
          node.send(
              node.request("/slots/" + slot + "/holds")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"customerId\":\"holder-1\",\"seats\":4}"))
                  .build());
      assertEquals(201, held.status(), held.body());
      JsonNode exact = node.get("/slots/" + slot).json();
      assertEquals(4, exact.path("held").asInt(), exact.toString());
      SseClient.Event change =
          viewer.await(
              e -> e.event().equals("slot") && json(e).path("held").asInt() == 4,
              Duration.ofSeconds(5),
              "a slot event with the held seats");
      assertEquals(exact.path("available").asInt(), json(change).path("available").asInt());
    }
    // A viewer who arrives later reads the day from the read model: the held seats are there too.
    Polling.until(
        Duration.ofSeconds(5),
        () -> {
          try (SseClient later = open(venue, day)) {
            SseClient.Event snapshot =
                later.await(e -> e.event().equals("snapshot"), Duration.ofSeconds(10), "snapshot");
            JsonNode first = json(snapshot).path("slots").get(0);
            return first.path("held").asInt() == 4 && first.path("available").asInt() == 6;
          }
        },
        "a new viewer's snapshot counts the 4 held seats");
  }

  @Test
  void changesOfOneSlotAreCoalescedToAtMostOneEventPer250Ms() {
    String venue = node.newVenue("coalesce");
    LocalDate day = node.schedule(venue, 0, 100);
    String slot = TestNode.slotId(venue, day);
    try (SseClient viewer = open(venue, day)) {
      viewer.await(e -> e.event().equals("snapshot"), Duration.ofSeconds(10), "the snapshot");
      // One after the other: a change every few milliseconds for a while.
      for (int i = 0; i < 60; i++) assertEquals(201, node.book(slot, "c" + i).status());
      viewer.await(
          e -> e.event().equals("slot") && json(e).path("booked").asInt() == 60,
          Duration.ofSeconds(5),
          "booked = 60");
      List<SseClient.Event> events = viewer.events("slot");
      // Frames leave every 250 ms at most: over the time they span, no more of them than that
      // allows (two spare for
      // the edges and for frames the client happened to read together).
      long span = events.get(events.size() - 1).receivedNanos() - events.get(0).receivedNanos();
      assertTrue(
          events.size() <= span / Duration.ofMillis(250).toNanos() + 3,
          events.size() + " events of one slot within " + span / 1_000_000 + " ms");
      assertTrue(events.size() < 30, "coalesced: " + events.size() + " events for 60 bookings");
    }
  }

  @Test
  void streamsPerNodeAreBoundedAndCounted() {
    String venue = node.newVenue("bound");
    LocalDate day = node.schedule(venue, 0, 5);
    Polling.until(
        Duration.ofSeconds(10), () -> openStreams() == 0, "other tests' streams to close");
    double refusedBefore = metric("reservation_availability_streams_refused_total");
    List<SseClient> viewers = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_STREAMS; i++) {
        SseClient viewer = open(venue, day, "198.51.100." + i);
        viewers.add(viewer);
        viewer.await(e -> e.event().equals("snapshot"), Duration.ofSeconds(10), "snapshot " + i);
      }
      assertEquals(MAX_STREAMS, openStreams());
      ApiClient.Response refused =
          node.get("/venues/" + venue + "/availability/stream?date=" + day);
      assertEquals(503, refused.status(), refused.body());
      assertEquals("overloaded", refused.problem());
      assertNotNull(refused.header("Retry-After"));
      viewers.remove(0).close();
      Polling.until(
          Duration.ofSeconds(10),
          () -> openStreams() == MAX_STREAMS - 1,
          "the closed stream to be given back");
      try (SseClient again = open(venue, day, "198.51.100.77")) {
        assertEquals(200, again.status());
        again.await(
            e -> e.event().equals("snapshot"),
            Duration.ofSeconds(10),
            "a snapshot once there is room");
      }
    } finally {
      viewers.forEach(SseClient::close);
    }
    assertEquals(
        refusedBefore + 1,
        metric("reservation_availability_streams_refused_total"),
        "the refusal was counted");
  }

  @Test
  void badRequestsAreProblems() {
    String venue = node.newVenue("stream-bad");
    assertEquals(
        "invalid-request", node.get("/venues/" + venue + "/availability/stream").problem());
    assertEquals(
        "invalid-request",
        node.get("/venues/" + venue + "/availability/stream?date=2026-13-01").problem());
    assertEquals(
        "invalid-request",
        node.get("/venues/BAD_ID/availability/stream?date=2026-12-01").problem());
    assertEquals(
        404, node.get("/venues/no-such-venue/availability/stream?date=2026-12-01").status());
    assertEquals(
        405,
        node.send(
                node.request("/venues/" + venue + "/availability/stream?date=2026-12-01")
                    .DELETE()
                    .build())
            .status());
  }

  private static int openStreams() {
    return (int) metric("reservation_availability_streams");
  }

  private static double metric(String name) {
    for (String line : node.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.split(" ")[1]);
    }
    throw new AssertionError("no " + name + " metric");
  }

  /**
   * One client holds at most its share of streams, however many it asks for at once; another client
   * still gets one; a closed stream is given back to its client.
   */
  @Test
  void oneClientHoldsAtMostItsShareOfStreamsEvenAskingAllAtOnce() throws Exception {
    String venue = node.newVenue("stream-client");
    LocalDate day = node.schedule(venue, 0, 5);
    Polling.until(
        Duration.ofSeconds(10), () -> openStreams() == 0, "other tests' streams to close");
    double refusedBefore = metric("reservation_availability_streams_refused_total");
    List<java.util.concurrent.CompletableFuture<SseClient>> asked = new ArrayList<>();
    java.util.concurrent.ExecutorService clients =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    List<SseClient> viewers = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++)
        asked.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> open(venue, day, "203.0.113.5"), clients));
      for (var a : asked) viewers.add(a.get());
      List<SseClient> served = viewers.stream().filter(v -> v.status() == 200).toList();
      assertEquals(PER_CLIENT, served.size(), "streams served to one client asking 6 at once");
      for (SseClient v : viewers) {
        if (v.status() == 200) continue;
        assertEquals(503, v.status());
        assertTrue(v.header("Content-Type").startsWith("application/problem+json"));
      }
      assertEquals(
          refusedBefore + 6 - PER_CLIENT,
          metric("reservation_availability_streams_refused_total"),
          "each refusal counted");
      try (SseClient other = open(venue, day, "203.0.113.6")) {
        assertEquals(200, other.status(), "another client is served");
      }
      served.get(0).close();
      Polling.until(
          Duration.ofSeconds(10),
          () -> openStreams() == PER_CLIENT - 1,
          "the closed stream to be given back");
      try (SseClient again = open(venue, day, "203.0.113.5")) {
        assertEquals(200, again.status(), "the client's closed stream was given back");
      }
    } finally {
      viewers.forEach(SseClient::close);
      clients.shutdownNow();
    }
  }
}
