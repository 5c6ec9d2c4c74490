package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.http.cluster.ProcessCluster.Formation;
import com.reservation.testsupport.Polling;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A waiting room across three node processes, with the node its line lives on killed (SIGKILL)
 * while people wait: one line whichever node people join through; every ticket survives; those who
 * waited are admitted in the order they held before the kill (the opening's shuffle is decided
 * once); later arrivals after all of them, first come first served; admissions never faster than
 * the contract allows over any 10 s or minute, across the failover; and a token issued by one node
 * books through another.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WaitingRoomFailoverProcessTest {
  private static final String VENUE = "rush-hall";
  private static final int PER_MINUTE = 360;
  private static final int TTL_SECONDS = 600;
  private static final int EARLY = 45;
  private static final int LATE = 15;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final ProcessCluster cluster =
      new ProcessCluster("waiting-room-failover", 3, Formation.TOGETHER, "");

  /** A ticket as first joined: who, through which node, its id. */
  private record Joined(String customerId, String ticketId) {}

  @Test
  void theLineSurvivesTheDeathOfItsNodeInOrderAndWithinTheRate() throws Exception {
    String node1 = cluster.baseUrls.get(0);
    LocalDate day = defineVenue(node1);
    Instant opensAt = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> put =
        admin(
            node1 + "/admin/venues/" + VENUE + "/waiting-room",
            "PUT",
            "{\"opensAt\":\""
                + opensAt
                + "\",\"admitPerMinute\":"
                + PER_MINUTE
                + ",\"admissionTtlSeconds\":"
                + TTL_SECONDS
                + "}");
    assertEquals(201, put.statusCode(), put.body());

    // Before the opening, through all three nodes: one line.
    List<Joined> early = new ArrayList<>();
    for (int i = 0; i < EARLY; i++) {
      String customer = "early-" + i;
      JsonNode ticket = join(i % 3, customer);
      assertEquals("PREQUEUED", ticket.path("state").asText(), ticket.toString());
      early.add(new Joined(customer, ticket.path("ticketId").asText()));
    }
    JsonNode again = join(1, "early-0");
    assertEquals(early.get(0).ticketId(), again.path("ticketId").asText(), "one ticket per room");
    assertTrue(Instant.now().isBefore(opensAt), "the early ones joined before the opening");

    // Once the line moves, everyone's place as the survivors' polls show it.
    Polling.until(
        Duration.ofSeconds(60),
        () -> roomStatus(0).path("admitted").asInt() >= 8,
        "the room to admit its first people");
    JsonNode status = roomStatus(0);
    String roomNode = status.path("node").asText();
    int victim = cluster.remoteAddresses.indexOf(roomNode);
    assertTrue(victim >= 0, "the room lives on one of the nodes: " + status);
    int survivor = (victim + 1) % 3;
    // Positions are read one by one while the line moves: two of them compare only when they are
    // further apart than the line moved meanwhile (plus the node's picture's lag of a second).
    int admittedBefore = roomStatus(survivor).path("admitted").asInt();
    Map<String, Integer> placeBeforeKill = new HashMap<>();
    for (Joined j : early) {
      JsonNode t = ticket(survivor, j.ticketId());
      if (t.path("state").asText().equals("WAITING"))
        placeBeforeKill.put(j.customerId(), t.path("position").asInt());
    }
    assertTrue(placeBeforeKill.size() > EARLY / 2, "most still wait: " + placeBeforeKill.size());
    int moved =
        roomStatus(survivor).path("admitted").asInt() - admittedBefore + 2 * PER_MINUTE / 60;

    cluster.nodes.get(victim).kill();

    // Later arrivals, through the survivors, while the room moves to one of them.
    List<Joined> late = new ArrayList<>();
    for (int i = 0; i < LATE; i++) {
      String customer = "late-" + i;
      JsonNode ticket = join(i % 2 == 0 ? survivor : (survivor + 1) % 3, customer);
      late.add(new Joined(customer, ticket.path("ticketId").asText()));
    }

    // Everyone is admitted in the end, through the survivors.
    Map<String, JsonNode> admitted = new TreeMap<>();
    List<Joined> everyone = new ArrayList<>(early);
    everyone.addAll(late);
    Polling.until(
        Duration.ofSeconds(150),
        Duration.ofSeconds(1),
        () -> {
          for (Joined j : everyone) {
            if (admitted.containsKey(j.customerId())) continue;
            JsonNode t = ticket(survivor, j.ticketId());
            if (t.path("state").asText().equals("ADMITTED")) admitted.put(j.customerId(), t);
          }
          return admitted.size();
        },
        count -> count == everyone.size(),
        "every ticket to be admitted");

    // Admitted when: each admission expires TTL after it was made, in whole seconds.
    Map<String, Long> admittedAt = new HashMap<>();
    admitted.forEach(
        (customer, t) ->
            admittedAt.put(
                customer,
                Instant.parse(t.path("admissionExpiresAt").asText()).getEpochSecond()
                    - TTL_SECONDS));

    // The order held before the kill is the order of admission after it.
    for (Map.Entry<String, Integer> a : placeBeforeKill.entrySet()) {
      for (Map.Entry<String, Integer> b : placeBeforeKill.entrySet()) {
        if (a.getValue() + moved < b.getValue()) {
          assertTrue(
              admittedAt.get(a.getKey()) <= admittedAt.get(b.getKey()),
              a + " was ahead of " + b + " before the kill but admitted later");
        }
      }
    }
    // Later arrivals behind everyone who came before the opening, in their order.
    long lastEarly =
        early.stream().mapToLong(j -> admittedAt.get(j.customerId())).max().orElseThrow();
    long previous = Long.MIN_VALUE;
    for (Joined j : late) {
      long at = admittedAt.get(j.customerId());
      assertTrue(at >= lastEarly, j + " admitted before an early arrival");
      assertTrue(at >= previous, j + " admitted before someone who came before it");
      previous = at;
    }
    // Never faster than the contract: any 10 s at most a sixth plus one, any minute the rate.
    TreeMap<Long, Integer> perSecond = new TreeMap<>();
    admittedAt.values().forEach(s -> perSecond.merge(s, 1, Integer::sum));
    for (long from : perSecond.keySet()) {
      int tenSeconds =
          perSecond.subMap(from, true, from + 9, true).values().stream().mapToInt(x -> x).sum();
      int minute =
          perSecond.subMap(from, true, from + 59, true).values().stream().mapToInt(x -> x).sum();
      assertTrue(tenSeconds <= PER_MINUTE / 6 + 1, "10 s from " + from + ": " + tenSeconds);
      assertTrue(minute <= PER_MINUTE, "a minute from " + from + ": " + minute);
    }

    // A token the survivor gave books through the other survivor (the cluster's key checks it).
    Joined booker = late.get(0);
    String token = admitted.get(booker.customerId()).path("admission").asText();
    String slot = SlotId.of(VENUE, day.atTime(LocalTime.of(9, 0)));
    int other = (survivor + 1) % 3 == victim ? (survivor + 2) % 3 : (survivor + 1) % 3;
    HttpResponse<String> booked =
        Polling.until(
            Duration.ofSeconds(30),
            Duration.ofMillis(500),
            () -> book(other, slot, booker.customerId(), token),
            r -> r.statusCode() != 503,
            "the booking to be answered");
    assertEquals(201, booked.statusCode(), booked.body());
    assertEquals(403, book(other, slot, "early-1", token).statusCode(), "not another's token");
  }

  private static LocalDate defineVenue(String node1) throws Exception {
    HttpResponse<String> venue =
        admin(
            node1 + "/admin/venues/" + VENUE,
            "PUT",
            "{\"name\":\"Rush hall\",\"timeZone\":\"UTC\"}");
    assertEquals(201, venue.statusCode(), venue.body());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(10);
    HttpResponse<String> applied =
        admin(
            node1 + "/admin/venues/" + VENUE + "/schedules",
            "POST",
            "{\"from\":\""
                + day
                + "\",\"to\":\""
                + day
                + "\",\"dailyStart\":\"09:00\",\"dailyEnd\":\"10:00\",\"slotMinutes\":30,\"capacity\":100}");
    assertEquals(200, applied.statusCode(), applied.body());
    return day;
  }

  /** Joins through node {@code node}, asking again while it answers 503 (as a client would). */
  private static JsonNode join(int node, String customerId) {
    String url = cluster.baseUrls.get(node) + "/venues/" + VENUE + "/waiting-room/tickets";
    HttpResponse<String> response =
        Polling.until(
            Duration.ofSeconds(60),
            Duration.ofMillis(500),
            () ->
                send(
                    HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"customerId\":\"" + customerId + "\"}"))
                        .build()),
            r -> r != null && r.statusCode() != 503,
            "joining to be answered");
    assertTrue(
        response.statusCode() == 201 || response.statusCode() == 200,
        customerId + ": " + response.body());
    return parse(response.body());
  }

  private static JsonNode ticket(int node, String ticketId) {
    String url =
        cluster.baseUrls.get(node) + "/venues/" + VENUE + "/waiting-room/tickets/" + ticketId;
    HttpResponse<String> response =
        Polling.until(
            Duration.ofSeconds(60),
            Duration.ofMillis(500),
            () ->
                send(
                    HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build()),
            r -> r != null && r.statusCode() != 503,
            "the ticket to be answered");
    assertEquals(200, response.statusCode(), ticketId + ": " + response.body());
    return parse(response.body());
  }

  private static JsonNode roomStatus(int node) {
    try {
      return parse(
          admin(cluster.baseUrls.get(node) + "/admin/venues/" + VENUE + "/waiting-room", "GET", "")
              .body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> book(
      int node, String slotId, String customerId, String admission) {
    return send(
        HttpRequest.newBuilder(
                URI.create(cluster.baseUrls.get(node) + "/slots/" + slotId + "/bookings"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Admission", admission)
            .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + customerId + "\"}"))
            .build());
  }

  /** The response, or null when the node did not answer (killed, or stalled). */
  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return ProcessCluster.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException(body, e);
    }
  }

  private static HttpResponse<String> admin(String url, String method, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + ADMIN_TOKEN);
    if (json.isEmpty()) request.method(method, HttpRequest.BodyPublishers.noBody());
    else
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    return ProcessCluster.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
