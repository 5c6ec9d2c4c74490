package com.reservation.http.node;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The overlays of cluster-config/ load through the node's own layering (their includes resolve, the
 * RESERVATION_* variables still win), and say what docs/cluster.md promises: the failover budget,
 * ports, how each node joins.
 */
class ClusterOverlaysTest {
  private static final Path CLUSTER_CONFIG =
      Path.of("..", "cluster-config").toAbsolutePath().normalize();

  private static NodeSettings settings(String overlay, Map<String, String> environment) {
    Path file = CLUSTER_CONFIG.resolve(overlay);
    assertTrue(Files.isRegularFile(file), file.toString());
    return NodeSettings.fromConfig(
        NodeSettings.resolveConfig(Map.of(), environment, Optional.of(file)));
  }

  @Test
  void everyClusteredOverlayCarriesTheFailoverBudget() {
    for (String overlay :
        List.of("local/local.conf", "local/node2.conf", "docker.conf", "kubernetes.conf")) {
      Config akka = settings(overlay, Map.of()).config().getConfig("akka.cluster");
      // The failover budget of cluster.conf and docs/decisions/0006-failover-timing.md.
      assertEquals(
          Duration.ofSeconds(3), akka.getDuration("split-brain-resolver.stable-after"), overlay);
      assertEquals(
          "keep-majority", akka.getString("split-brain-resolver.active-strategy"), overlay);
      assertEquals(Duration.ofSeconds(1), akka.getDuration("down-removal-margin"), overlay);
      assertEquals(
          Duration.ofSeconds(2),
          akka.getDuration("failure-detector.acceptable-heartbeat-pause"),
          overlay);
      assertEquals(
          Duration.ofMillis(500), akka.getDuration("failure-detector.heartbeat-interval"), overlay);
      assertEquals(
          Duration.ofMillis(250), akka.getDuration("unreachable-nodes-reaper-interval"), overlay);
      assertEquals(Duration.ofMillis(500), akka.getDuration("sharding.retry-interval"), overlay);
      assertEquals(100, akka.getInt("sharding.number-of-shards"), overlay);
      assertEquals(
          Duration.ofMinutes(2),
          akka.getDuration("sharding.passivation.default-idle-strategy.idle-entity.timeout"),
          overlay);
    }
  }

  @Test
  void localNodeFilesGiveNodeIItsPortsAndTheSeeds() {
    NodeSettings node2 = settings("local/node2.conf", Map.of());
    assertEquals(8082, node2.httpPort());
    assertEquals(25522, node2.remotePort());
    assertEquals(8560, node2.managementPort());
    assertEquals(List.of("127.0.0.1:25521", "127.0.0.1:25522"), node2.seedNodes());
    assertFalse(node2.singleNode());
    assertFalse(
        node2.shouldMigrateOnStart(), "local-cluster.sh migrates once before the nodes start");
    assertTrue(ClusterFormation.managementEnabled(node2));
  }

  @Test
  void environmentVariablesOverrideTheOverlay() {
    NodeSettings node7 =
        settings(
            "local/local.conf",
            Map.of(
                "RESERVATION_HTTP_PORT", "8087",
                "RESERVATION_REMOTE_PORT", "25527",
                "RESERVATION_MANAGEMENT_PORT", "8565",
                "RESERVATION_SEED_NODES", "127.0.0.1:25521"));
    assertEquals(8087, node7.httpPort());
    assertEquals(25527, node7.remotePort());
    assertEquals(8565, node7.managementPort());
    assertEquals(List.of("127.0.0.1:25521"), node7.seedNodes());
  }

  @Test
  void kubernetesPodsFormTheirClusterThroughBootstrap() {
    NodeSettings pod = settings("kubernetes.conf", Map.of("RESERVATION_HOSTNAME", "10.1.2.3"));
    assertTrue(ClusterFormation.clusterBootstrap(pod));
    assertFalse(
        pod.singleNode(),
        "a pod is never a cluster of its own: no self-join, admin token required");
    assertTrue(ClusterFormation.managementEnabled(pod));
    assertEquals("10.1.2.3", pod.hostname());
    assertEquals("0.0.0.0", pod.httpHost());
    assertEquals(
        "kubernetes-api",
        pod.config()
            .getString(
                "akka.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
  }

  @Test
  void aSingleNodeOpensAManagementPortOnlyWhenAskedTo() {
    NodeSettings plain =
        NodeSettings.fromConfig(NodeSettings.resolveConfig(Map.of(), Map.of(), Optional.empty()));
    assertTrue(plain.singleNode());
    assertFalse(ClusterFormation.managementEnabled(plain));
    NodeSettings withPort =
        NodeSettings.fromConfig(
            NodeSettings.resolveConfig(
                Map.of(), Map.of("RESERVATION_MANAGEMENT_PORT", "8600"), Optional.empty()));
    assertTrue(withPort.singleNode());
    assertTrue(ClusterFormation.managementEnabled(withPort));
    NodeSettings off =
        NodeSettings.fromConfig(
            NodeSettings.resolveConfig(
                Map.of("reservation.node.management", "off"),
                Map.of("RESERVATION_SEED_NODES", "127.0.0.1:25521"),
                Optional.empty()));
    assertFalse(ClusterFormation.managementEnabled(off));
  }
}
