package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.ADMIN_TOKEN;
import static com.reservation.http.cluster.ClusterTestSupport.await;
import static com.reservation.http.cluster.ClusterTestSupport.freePort;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.http.cli.PostgresCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL (the {@code postgres} command) and three node processes on loopback, configured with
 * the local overlay ({@code cluster-config/local/local.conf}, so its failover timings are the ones
 * measured). A bounded burst of bookings goes to all three nodes; one node is killed with SIGKILL
 * mid-burst. Through the survivors: every booking that was confirmed (201, or 200 for a retried
 * key) exists, no slot is overbooked, and the dead node's slots answer again within 20 s. The
 * measured failover time is printed and written to {@code target/cluster-failover/failover.txt}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterFailoverProcessTest {
  private static final String VENUE = "failover-hall";
  private static final int CAPACITY = 10;
  private static final int CUSTOMERS_PER_SLOT = 14;
  private static final Duration FAILOVER_TARGET = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static Path workDir;
  private static NodeProcess postgres;
  private static final List<NodeProcess> nodes = new ArrayList<>();
  private static final List<String> baseUrls = new ArrayList<>();
  private static final List<String> remoteAddresses = new ArrayList<>();

  @BeforeAll
  static void startPostgresAndThreeNodes() throws Exception {
    workDir = Path.of("target", "cluster-failover").toAbsolutePath();
    deleteRecursively(workDir);
    Files.createDirectories(workDir);
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
    String dbUrl = postgres.awaitReady(90).split(" ")[0];

    Map<String, String> common = new HashMap<>();
    common.put("RESERVATION_DB_URL", dbUrl);
    common.put("RESERVATION_DB_USER", "postgres");
    // The postgres command generated its password and keeps it beside its files.
    common.put(
        "RESERVATION_DB_PASSWORD",
        Files.readString(workDir.resolve("db").resolve("postgres-password")).trim());
    common.put("RESERVATION_ADMIN_TOKEN", ADMIN_TOKEN);
    try (NodeProcess migrate =
        NodeProcess.start("migrate", logs, common, "Schema is at version", "migrate")) {
      migrate.awaitReady(90);
      assertTrue(migrate.process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, migrate.process.exitValue(), "migrate failed; see " + migrate.log);
    }

    Path overlay =
        Path.of("..", "cluster-config", "local", "local.conf").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(overlay), overlay.toString());
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
    for (int i = 0; i < 3; i++) {
      String url = baseUrls.get(i);
      NodeProcess node = nodes.get(i);
      await(
          "node " + (i + 1) + " ready (log: " + node.log + ")",
          Duration.ofSeconds(90),
          () -> status(get(url + "/health/ready")) == 200);
    }
  }

  @AfterAll
  static void stopEverything() {
    for (NodeProcess node : nodes) node.close();
    // Last, so the nodes' coordinated shutdown can still reach it; SIGTERM stops PostgreSQL
    // cleanly.
    if (postgres != null) postgres.close();
  }

  @Test
  void aNodeKilledMidBurstLosesNoBookingAndItsSlotsAnswerAgainWithin20Seconds() throws Exception {
    List<String> slots = defineSlots();
    String survivor = baseUrls.get(0);
    // Every slot is asked once, so its shard is allocated; then find the slots whose shard lives on
    // node 3.
    for (String slotId : slots)
      assertEquals(200, status(answered(survivor + "/slots/" + slotId)), slotId);
    String victimAddress = remoteAddresses.get(2);
    List<String> victimSlots = new ArrayList<>();
    for (String slotId : slots) {
      JsonNode placement = JSON.readTree(admin(survivor + "/admin/cluster/slots/" + slotId).body());
      if (victimAddress.equals(placement.path("node").asText())) victimSlots.add(slotId);
    }
    assertFalse(victimSlots.isEmpty(), "some slots live on node 3");

    Burst burst = new Burst(slots);
    CountDownLatch killed = new CountDownLatch(1);
    AtomicLong killedAt = new AtomicLong();
    burst.onProgress(
        slots.size() * CUSTOMERS_PER_SLOT / 3,
        () -> {
          try {
            nodes.get(2).kill();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          killedAt.set(System.nanoTime());
          killed.countDown();
        });
    burst.start();
    assertTrue(killed.await(120, TimeUnit.SECONDS), "the burst reached a third of its bookings");
    assertFalse(nodes.get(2).process.isAlive(), "node 3 was killed");

    Map<String, Duration> answeredAgain = awaitAnswers(victimSlots, killedAt.get());
    burst.finish();

    Duration failover = Collections.max(answeredAgain.values());
    String report =
        String.format(
            "Failover: node 3 killed with SIGKILL mid-burst; all %d of its slots answered again from the survivors %.1f s later (first %.1f s).%n",
            victimSlots.size(),
            failover.toMillis() / 1000.0,
            Collections.min(answeredAgain.values()).toMillis() / 1000.0);
    System.out.print(report);
    Files.writeString(
        workDir.resolve("failover.txt"), report + burst.summary() + System.lineSeparator());
    assertTrue(failover.compareTo(FAILOVER_TARGET) <= 0, report);

    // Through the survivors: every confirmed booking exists, and no slot holds more than its
    // capacity.
    assertTrue(
        burst.confirmed.size() > slots.size(), "the burst confirmed bookings: " + burst.summary());
    Map<String, Integer> confirmedPerSlot = new HashMap<>();
    for (Confirmed booking : burst.confirmed.values()) {
      confirmedPerSlot.merge(booking.slotId, 1, Integer::sum);
      String via = baseUrls.get(confirmedPerSlot.get(booking.slotId) % 2);
      HttpResponse<String> found =
          answered(via + "/slots/" + booking.slotId + "/bookings/" + booking.bookingId);
      assertEquals(
          200,
          found.statusCode(),
          "confirmed booking " + booking + " through " + via + ": " + found.body());
      JsonNode body = JSON.readTree(found.body());
      assertEquals(booking.customerId, body.path("customerId").asText());
      assertEquals("CONFIRMED", body.path("status").asText());
    }
    for (String slotId : slots) {
      HttpResponse<String> answer = answered(baseUrls.get(1) + "/slots/" + slotId);
      assertEquals(200, answer.statusCode(), slotId + ": " + answer.body());
      JsonNode slot = JSON.readTree(answer.body());
      int booked = slot.path("booked").asInt();
      assertTrue(booked <= CAPACITY, slotId + " overbooked: " + slot);
      // Seats whose caller heard 503 (outcome unknown) may be taken too, so the slot holds at least
      // the confirmed ones.
      assertTrue(
          booked >= confirmedPerSlot.getOrDefault(slotId, 0),
          slotId + " lost a confirmed booking: " + slot);
    }
  }

  private static List<String> defineSlots() throws Exception {
    String node1 = baseUrls.get(0);
    HttpResponse<String> venue =
        admin(
            node1 + "/admin/venues/" + VENUE,
            "PUT",
            "{\"name\":\"Failover hall\",\"timeZone\":\"UTC\"}");
    Assumptions.assumeFalse(
        venue.statusCode() == 404 || venue.statusCode() == 405,
        "The HTTP admin and booking routes (API.md) are not on this branch yet: PUT /admin/venues answered "
            + venue.statusCode());
    assertTrue(venue.statusCode() == 200 || venue.statusCode() == 201, venue.body());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    String schedule =
        "{\"from\":\""
            + day
            + "\",\"to\":\""
            + day
            + "\",\"dailyStart\":\"09:00\",\"dailyEnd\":\"17:00\",\"slotMinutes\":10,\"capacity\":"
            + CAPACITY
            + "}";
    HttpResponse<String> applied =
        admin(node1 + "/admin/venues/" + VENUE + "/schedules", "POST", schedule);
    assertEquals(200, applied.statusCode(), applied.body());
    List<String> slots = new ArrayList<>();
    for (LocalTime t = LocalTime.of(9, 0); t.isBefore(LocalTime.of(17, 0)); t = t.plusMinutes(10)) {
      slots.add(SlotId.of(VENUE, day.atTime(t)));
    }
    return slots;
  }

  /**
   * Asks each of the dead node's slots through a survivor every 250 ms without waiting for earlier
   * asks (a request that went to the dead node only ends with the ask timeout); returns, per slot,
   * the time from the kill to the first 200 answer.
   */
  private static Map<String, Duration> awaitAnswers(List<String> slotIds, long killedAtNanos)
      throws Exception {
    Map<String, Duration> answered = new ConcurrentHashMap<>();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try {
      ticker.scheduleAtFixedRate(
          () -> {
            for (String slotId : slotIds) {
              if (answered.containsKey(slotId)) continue;
              HTTP.sendAsync(
                      request(baseUrls.get(0) + "/slots/" + slotId)
                          .timeout(Duration.ofSeconds(8))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .thenAccept(
                      response -> {
                        if (response.statusCode() == 200) {
                          answered.putIfAbsent(
                              slotId, Duration.ofNanos(System.nanoTime() - killedAtNanos));
                        }
                      });
            }
          },
          0,
          250,
          TimeUnit.MILLISECONDS);
      await(
          "the dead node's " + slotIds.size() + " slots answering again from the survivors",
          FAILOVER_TARGET.plusSeconds(25),
          () -> answered.size() == slotIds.size());
    } finally {
      ticker.shutdownNow();
    }
    return answered;
  }

  private record Confirmed(String slotId, String bookingId, String customerId) {}

  /**
   * A bounded burst: every slot gets {@link #CUSTOMERS_PER_SLOT} one-seat bookings from distinct
   * customers, spread round-robin over the three nodes by 12 client threads. Like a client behind a
   * load balancer, a booking that meets a refused connection or a 503 is retried (same
   * Idempotency-Key) on the next node, a few times.
   */
  private static final class Burst {
    final Map<String, Confirmed> confirmed = new ConcurrentHashMap<>();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger full = new AtomicInteger();
    final AtomicInteger unknown = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    private final List<String[]> work = new ArrayList<>();
    private final ExecutorService clients = Executors.newFixedThreadPool(12);
    private final List<java.util.concurrent.Future<?>> running = new ArrayList<>();
    private int triggerAt = Integer.MAX_VALUE;
    private Runnable trigger = () -> {};
    private final Set<Integer> fired = ConcurrentHashMap.newKeySet();

    Burst(List<String> slots) {
      for (int c = 0; c < CUSTOMERS_PER_SLOT; c++) {
        for (String slotId : slots)
          work.add(new String[] {slotId, "cust-" + c + "-" + slotId.hashCode()});
      }
    }

    void onProgress(int after, Runnable action) {
      triggerAt = after;
      trigger = action;
    }

    void start() {
      for (int i = 0; i < work.size(); i++) {
        int n = i;
        running.add(clients.submit(() -> book(n, work.get(n)[0], work.get(n)[1])));
      }
    }

    void finish() throws Exception {
      for (var future : running) future.get(3, TimeUnit.MINUTES);
      clients.shutdown();
    }

    String summary() {
      return String.format(
          "Burst: %d bookings sent, %d confirmed, %d slot-full, %d outcome unknown after retries, %d retries.",
          work.size(), confirmed.size(), full.get(), unknown.get(), retries.get());
    }

    private void book(int n, String slotId, String customerId) {
      String key = "key-" + n;
      String body = "{\"customerId\":\"" + customerId + "\",\"seats\":1}";
      try {
        for (int attempt = 0; attempt < 6; attempt++) {
          if (attempt > 0) retries.incrementAndGet();
          String node = baseUrls.get((n + attempt) % baseUrls.size());
          HttpResponse<String> response;
          try {
            response =
                HTTP.send(
                    request(node + "/slots/" + slotId + "/bookings")
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
          } catch (IOException connectionFailed) {
            continue;
          }
          if (response.statusCode() == 201 || response.statusCode() == 200) {
            JsonNode booking = JSON.readTree(response.body());
            confirmed.put(
                key, new Confirmed(slotId, booking.path("bookingId").asText(), customerId));
            return;
          }
          if (response.statusCode() == 409) {
            full.incrementAndGet();
            return;
          }
          if (response.statusCode() != 503)
            throw new AssertionError(
                "Unexpected answer " + response.statusCode() + ": " + response.body());
          Thread.sleep(500);
        }
        unknown.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        throw new AssertionError(e);
      } finally {
        if (done.incrementAndGet() == triggerAt && fired.add(triggerAt)) trigger.run();
      }
    }
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A GET that is retried while it answers 503: on this shared 2-core machine a stall of a few
   * seconds (every JVM paused at once) can outlast the 5 s ask timeout; a 503 is "ask again", not
   * the answer these checks are after.
   */
  private static HttpResponse<String> answered(String url) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> response = get(url);
      if (response.statusCode() != 503 || System.nanoTime() > deadline) return response;
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return response;
      }
    }
  }

  private static int status(HttpResponse<String> response) {
    return response.statusCode();
  }

  private static HttpResponse<String> admin(String url) throws Exception {
    return HTTP.send(
        request(url).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> admin(String url, String method, String json)
      throws Exception {
    return HTTP.send(
        request(url)
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
