package com.reservation.http.testing;

import com.reservation.http.node.Node;
import com.reservation.http.node.NodeSettings;
import com.reservation.testsupport.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real node for a test class: embedded PostgreSQL under a temp directory, HTTP on a free port,
 * its own admin token, and the {@link ApiClient} to talk to it. Start it in {@code @BeforeAll},
 * close it in {@code @AfterAll}.
 */
public final class TestNode extends ApiClient implements AutoCloseable {
  private final Node node;

  private TestNode(Node node) {
    super(node.baseUrl());
    this.node = node;
  }

  public static TestNode start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  /**
   * @param overrides configuration paths to values, over the test defaults
   */
  public static TestNode start(Path dataDir, Map<String, Object> overrides) {
    Map<String, Object> flags = new HashMap<>();
    flags.put("reservation.node.http-port", 0);
    flags.put("reservation.node.data-dir", dataDir.toString());
    flags.put("reservation.node.embedded-db-port", 0);
    flags.put("reservation.node.remote-port", 0);
    flags.put("reservation.node.admin-token", TOKEN);
    // Never let a node in the test JVM end the JVM (StartCommand turns this on for real runs).
    flags.put("akka.coordinated-shutdown.exit-jvm", "off");
    // A test node stops at once (DrainTest sets a drain of its own).
    flags.put("reservation.shutdown.drain", "0s");
    flags.put("akka.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    // Tests' webhook receivers listen on 127.0.0.1 (WebhookTargetsApiTest turns this off).
    flags.put("reservation.events.webhooks.allow-private-targets", true);
    flags.putAll(overrides);
    NodeSettings settings =
        NodeSettings.fromConfig(NodeSettings.resolveConfig(flags, Map.of(), Optional.empty()));
    TestNode testNode = new TestNode(Node.start(settings));
    testNode.awaitReady();
    return testNode;
  }

  private void awaitReady() {
    Polling.until(
        Duration.ofSeconds(30), () -> get("/health/ready").status() == 200, "the node to be ready");
  }

  public Node node() {
    return node;
  }

  @Override
  public void close() {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }
}
