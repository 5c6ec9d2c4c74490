package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.ADMIN_TOKEN;
import static com.reservation.http.cluster.ProcessCluster.HTTP;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.http.cluster.ProcessCluster.Formation;
import com.reservation.testsupport.Polling;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL and three node processes on loopback (the local overlay's failover timings). Holds of
 * the contract's shortest time (30 s) are placed on slots that live on node 3, which is then killed
 * with SIGKILL at once: its slots come back on the survivors only when something wakes them, and
 * the expiry wakers must do so in time. Each hold's expiry is stored within 1 s of its expiresAt
 * (read from the journal, so the test itself wakes nothing).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HoldExpiryFailoverProcessTest {
  private static final String VENUE = "expiry-hall";
  private static final Duration EXPIRY_BOUND = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final ProcessCluster cluster =
      new ProcessCluster("hold-expiry-failover", 3, Formation.TOGETHER, "");

  @Test
  void holdsOnAKilledNodesSlotsExpireWithinOneSecondOfTheirExpiry() throws Exception {
    String node1 = cluster.baseUrls.get(0);
    assertTrue(
        send(
                    node1 + "/admin/venues/" + VENUE,
                    "PUT",
                    "{\"name\":\"Expiry hall\",\"timeZone\":\"UTC\"}")
                .statusCode()
            < 300);
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    String schedule =
        "{\"from\":\""
            + day
            + "\",\"to\":\""
            + day
            + "\",\"dailyStart\":\"09:00\",\"dailyEnd\":\"13:00\",\"slotMinutes\":10,\"capacity\":4}";
    assertEquals(
        200, send(node1 + "/admin/venues/" + VENUE + "/schedules", "POST", schedule).statusCode());
    List<String> onVictim = new ArrayList<>();
    for (LocalTime t = LocalTime.of(9, 0);
        t.isBefore(LocalTime.of(13, 0)) && onVictim.size() < 3;
        t = t.plusMinutes(10)) {
      String slotId = SlotId.of(VENUE, day.atTime(t));
      assertEquals(200, send(node1 + "/slots/" + slotId, "GET", null).statusCode());
      JsonNode placement =
          JSON.readTree(send(node1 + "/admin/cluster/slots/" + slotId, "GET", null).body());
      if (cluster.remoteAddresses.get(2).equals(placement.path("node").asText()))
        onVictim.add(slotId);
    }
    assertFalse(onVictim.isEmpty(), "some slots live on node 3");

    Map<String, Instant> expiresAt = new LinkedHashMap<>();
    Map<String, Long> heldAtSeq = new HashMap<>();
    for (String slotId : onVictim) {
      HttpResponse<String> hold =
          send(
              node1 + "/slots/" + slotId + "/holds",
              "POST",
              "{\"customerId\":\"f-" + slotId.hashCode() + "\",\"seats\":2,\"ttlSeconds\":30}");
      assertEquals(201, hold.statusCode(), hold.body());
      expiresAt.put(slotId, Instant.parse(JSON.readTree(hold.body()).path("expiresAt").asText()));
      heldAtSeq.put(slotId, lastSequenceNr(slotId));
    }
    cluster.nodes.get(2).kill();

    for (Map.Entry<String, Instant> hold : expiresAt.entrySet()) {
      String slotId = hold.getKey();
      Instant[] written = new Instant[1];
      Polling.until(
          Duration.between(Instant.now(), hold.getValue()).plusSeconds(20),
          ClusterTestSupport.CHECK_INTERVAL,
          () -> (written[0] = firstWriteAfter(slotId, heldAtSeq.get(slotId))) != null,
          "the expiry of the hold on " + slotId);
      Duration late = Duration.between(hold.getValue(), written[0]);
      System.out.printf(
          "Hold on %s (its node killed): expiry stored %d ms after expiresAt%n",
          slotId, late.toMillis());
      assertTrue(
          !late.isNegative() && late.compareTo(EXPIRY_BOUND) <= 0,
          slotId + ": " + late.toMillis() + " ms late");
      JsonNode slot =
          JSON.readTree(send(cluster.baseUrls.get(1) + "/slots/" + slotId, "GET", null).body());
      assertEquals(0, slot.path("held").asInt(), slot.toString());
      assertEquals(4, slot.path("available").asInt(), slot.toString());
    }
  }

  private static long lastSequenceNr(String slotId) throws Exception {
    try (Connection c = DriverManager.getConnection(cluster.dbUrl, "postgres", cluster.dbPassword);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT max(sequence_number) FROM event_journal WHERE persistence_id = ?")) {
      s.setString(1, "Slot|" + slotId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The time of the slot's first write after its hold's (nothing else writes to it here: that is
   * the expiry).
   */
  private static Instant firstWriteAfter(String slotId, long sequenceNr) {
    try (Connection c = DriverManager.getConnection(cluster.dbUrl, "postgres", cluster.dbPassword);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT write_timestamp FROM event_journal WHERE persistence_id = ? AND sequence_number > ?"
                    + " ORDER BY sequence_number LIMIT 1")) {
      s.setString(1, "Slot|" + slotId);
      s.setLong(2, sequenceNr);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> send(String url, String method, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + ADMIN_TOKEN);
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(url + ": " + e, e);
    }
  }
}
