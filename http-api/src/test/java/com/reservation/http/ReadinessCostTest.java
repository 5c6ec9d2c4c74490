package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.reservation.engine.store.Database;
import com.reservation.http.routes.AdminTokens;
import com.reservation.http.routes.ApiRoutes;
import com.reservation.http.routes.NodeContext;
import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.CountingDataSource;
import com.reservation.testsupport.Polling;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health/ready} costs the database at most one query per second, however often it is
 * asked, and still notices a database that stops answering within about a second. The node's routes
 * are served a second time on the same node, over real HTTP, with a data source that counts (and
 * can refuse) the connections readiness takes.
 */
class ReadinessCostTest {
  @TempDir static Path dataDir;
  static TestNode node;
  static HikariDataSource pool;
  static CountingDataSource counted;
  static ServerBinding binding;
  static ApiClient client;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(dataDir);
    pool = Database.pool(NodeDatabase.settings(dataDir, 2), "readiness-test");
    counted = new CountingDataSource(pool);
    var system = node.node().system();
    NodeContext context =
        new NodeContext(
            system,
            node.node().engine(),
            counted,
            AdminTokens.of(List.of(TestNode.TOKEN)),
            node.node().metrics(),
            node.node().live());
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(ApiRoutes.create(context))
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    client = new ApiClient("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  @AfterAll
  static void stop() throws Exception {
    if (binding != null) binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (pool != null) pool.close();
    if (node != null) node.close();
  }

  @Test
  void aStormOfReadinessChecksCostsAtMostOneQueryPerSecond() throws Exception {
    Polling.until(
        Duration.ofSeconds(10),
        () -> client.get("/health/ready").status() == 200,
        "ready through the counting routes");
    int before = counted.connections.get();
    long start = System.nanoTime();
    // About three seconds of checks from eight clients at once.
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger notOk = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() - start < Duration.ofSeconds(3).toNanos()) {
                  if (client.get("/health/ready").status() != 200) notOk.incrementAndGet();
                  sent.incrementAndGet();
                }
              });
      thread.start();
      clients.add(thread);
    }
    for (Thread thread : clients) thread.join(30_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    int queries = counted.connections.get() - before;
    System.out.printf(
        "Readiness: %d checks in %.1f s cost %d database queries%n", sent.get(), seconds, queries);
    assertTrue(sent.get() >= 50, "the storm was a storm: " + sent.get() + " checks");
    assertTrue(
        queries <= Math.ceil(seconds) + 1,
        queries + " queries for " + sent.get() + " checks in " + seconds + " s");
    assertTrue(queries >= 1, "the database was still asked");
    assertEquals(0, notOk.get(), "every check answered ready");
  }

  @Test
  void aDatabaseThatStopsAnsweringIsNoticedWithinAboutASecond() {
    Polling.until(
        Duration.ofSeconds(10), () -> client.get("/health/ready").status() == 200, "ready");
    counted.refuse.set(true);
    try {
      Duration noticed =
          Polling.until(
              Duration.ofSeconds(5),
              () -> client.get("/health/ready").status() == 503,
              "not ready once the store refuses");
      assertTrue(noticed.compareTo(Duration.ofMillis(2500)) < 0, "noticed after " + noticed);
      Response notReady = client.get("/health/ready");
      assertEquals(503, notReady.status());
      assertTrue(
          notReady.contentType().startsWith("application/problem+json"), notReady.contentType());
      assertEquals("NOT_READY", notReady.json().path("status").asText());
    } finally {
      counted.refuse.set(false);
    }
    Polling.until(
        Duration.ofSeconds(5), () -> client.get("/health/ready").status() == 200, "ready again");
  }
}
