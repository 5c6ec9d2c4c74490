package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.ADMIN_TOKEN;
import static com.reservation.http.cluster.ClusterTestSupport.await;
import static com.reservation.http.cluster.ClusterTestSupport.freePort;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.http.cli.PostgresCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static Path workDir;
  private static String dbUrl;
  private static String dbPassword;
  private static NodeProcess postgres;
  private static final List<NodeProcess> nodes = new ArrayList<>();
  private static final List<String> baseUrls = new ArrayList<>();
  private static final List<String> remoteAddresses = new ArrayList<>();

  @BeforeAll
  static void startPostgresAndThreeNodes() throws Exception {
    workDir = Path.of("target", "hold-expiry-failover").toAbsolutePath();
    if (Files.exists(workDir)) {
      try (var paths = Files.walk(workDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Path logs = workDir.resolve("logs");
    int dbPort = freePort();
    postgres =
        NodeProcess.start(
            "postgres",
            logs,
            Map.of(),
            PostgresCommand.READY_PREFIX,
            "postgres",
            "--port",
            Integer.toString(dbPort),
            "--data-dir",
            workDir.resolve("db").toString());
    dbUrl = postgres.awaitReady(90).split(" ")[0];
    Map<String, String> common = new HashMap<>();
    common.put("RESERVATION_DB_URL", dbUrl);
    common.put("RESERVATION_DB_USER", "postgres");
    // The postgres command generated its password and keeps it beside its files.
    dbPassword = Files.readString(workDir.resolve("db").resolve("postgres-password")).trim();
    common.put("RESERVATION_DB_PASSWORD", dbPassword);
    common.put("RESERVATION_ADMIN_TOKEN", ADMIN_TOKEN);
    try (NodeProcess migrate =
        NodeProcess.start("migrate", logs, common, "Schema is at version", "migrate")) {
      migrate.awaitReady(90);
      assertTrue(migrate.process.waitFor(30, TimeUnit.SECONDS));
    }
    Path overlay =
        Path.of("..", "cluster-config", "local", "local.conf").toAbsolutePath().normalize();
    int[] remotePorts = {freePort(), freePort(), freePort()};
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = new HashMap<>(common);
      env.put("RESERVATION_HTTP_PORT", "0");
      env.put("RESERVATION_REMOTE_PORT", Integer.toString(remotePorts[i]));
      env.put("RESERVATION_MANAGEMENT_PORT", Integer.toString(freePort()));
      env.put(
          "RESERVATION_SEED_NODES", "127.0.0.1:" + remotePorts[0] + ",127.0.0.1:" + remotePorts[1]);
      nodes.add(
          NodeProcess.start(
              "node" + (i + 1),
              logs,
              env,
              "reservation-engine listening on ",
              "start",
              "--config",
              overlay.toString()));
      remoteAddresses.add("akka://reservation@127.0.0.1:" + remotePorts[i]);
    }
    for (NodeProcess node : nodes) baseUrls.add(node.awaitReady(120));
    for (String url : baseUrls)
      await(
          "node ready: " + url,
          Duration.ofSeconds(90),
          () -> send(url + "/health/ready", "GET", null).statusCode() == 200);
  }

  @AfterAll
  static void stopEverything() {
    for (NodeProcess node : nodes) node.close();
    if (postgres != null) postgres.close();
  }

  @Test
  void holdsOnAKilledNodesSlotsExpireWithinOneSecondOfTheirExpiry() throws Exception {
    String node1 = baseUrls.get(0);
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
      if (remoteAddresses.get(2).equals(placement.path("node").asText())) onVictim.add(slotId);
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
    nodes.get(2).kill();

    for (Map.Entry<String, Instant> hold : expiresAt.entrySet()) {
      String slotId = hold.getKey();
      Instant[] written = new Instant[1];
      await(
          "the expiry of the hold on " + slotId,
          Duration.between(Instant.now(), hold.getValue()).plusSeconds(20),
          () -> (written[0] = firstWriteAfter(slotId, heldAtSeq.get(slotId))) != null);
      Duration late = Duration.between(hold.getValue(), written[0]);
      System.out.printf(
          "Hold on %s (its node killed): expiry stored %d ms after expiresAt%n",
          slotId, late.toMillis());
      assertTrue(
          !late.isNegative() && late.compareTo(EXPIRY_BOUND) <= 0,
          slotId + ": " + late.toMillis() + " ms late");
      JsonNode slot = JSON.readTree(send(baseUrls.get(1) + "/slots/" + slotId, "GET", null).body());
      assertEquals(0, slot.path("held").asInt(), slot.toString());
      assertEquals(4, slot.path("available").asInt(), slot.toString());
    }
  }

  private static long lastSequenceNr(String slotId) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", dbPassword);
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
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", dbPassword);
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
