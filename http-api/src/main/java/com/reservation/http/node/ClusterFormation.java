package com.reservation.http.node;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.http.javadsl.model.Uri;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node becomes a member of its cluster, and whether it serves Akka Management (membership and
 * the {@code /ready} and {@code /alive} health checks an orchestrator probes).
 *
 * <ul>
 *   <li>No seed nodes and no bootstrap: a cluster of its own. It joins itself; Management starts
 *       only when its port was given explicitly or {@code reservation.node.management = on}, so a
 *       plain start opens no extra port.
 *   <li>Seed nodes ({@code RESERVATION_SEED_NODES}): Akka joins them (akka.cluster.seed-nodes);
 *       Management starts.
 *   <li>{@code reservation.node.cluster-bootstrap = on} (the kubernetes overlay): Cluster Bootstrap
 *       finds the other pods through Akka Discovery and forms or joins the cluster; Management must
 *       run, bootstrap probes it.
 * </ul>
 */
public final class ClusterFormation {
  private static final Logger log = LoggerFactory.getLogger(ClusterFormation.class);
  private static final long MANAGEMENT_BIND_SECONDS = 30;

  private ClusterFormation() {}

  /** Starts membership as configured; returns the Management URI when Management runs. */
  public static Optional<Uri> start(ActorSystem<?> system, NodeSettings settings) {
    boolean bootstrap = clusterBootstrap(settings);
    Optional<Uri> management = Optional.empty();
    if (managementEnabled(settings)) management = Optional.of(startManagement(system));
    if (bootstrap) {
      log.info("Forming the cluster through Cluster Bootstrap ({})", discoveryMethod(settings));
      ClusterBootstrap.get(system).start();
    } else if (settings.seedNodes().isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      log.info("Joining the cluster through seed nodes {}", settings.seedNodes());
    }
    return management;
  }

  /** Whether this node forms its cluster through Cluster Bootstrap (no seed nodes needed). */
  public static boolean clusterBootstrap(NodeSettings settings) {
    String path = "reservation.node.cluster-bootstrap";
    return settings.config().hasPath(path) && settings.config().getBoolean(path);
  }

  static boolean managementEnabled(NodeSettings settings) {
    String path = "reservation.node.management";
    String mode = settings.config().hasPath(path) ? settings.config().getString(path) : "auto";
    return switch (mode) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      // A one-node cluster serves Management only when its port was given (flag,
      // RESERVATION_MANAGEMENT_PORT or a
      // --config file), so a plain start or a test opens no extra port; a member of a real cluster
      // always does.
      default ->
          !settings.seedNodes().isEmpty()
              || clusterBootstrap(settings)
              || managementPortGiven(settings);
    };
  }

  private static boolean managementPortGiven(NodeSettings settings) {
    String path = "reservation.node.management-port-given";
    return settings.config().hasPath(path) && settings.config().getBoolean(path);
  }

  private static Uri startManagement(ActorSystem<?> system) {
    try {
      Uri uri =
          AkkaManagement.get(system)
              .start()
              .toCompletableFuture()
              .get(MANAGEMENT_BIND_SECONDS, TimeUnit.SECONDS);
      log.info("Akka Management (membership, /ready, /alive) on {}", uri);
      return uri;
    } catch (Exception e) {
      throw new Node.StartupException(
          "Akka Management could not start on port "
              + system.settings().config().getInt("akka.management.http.port")
              + " (is it in use? choose another with RESERVATION_MANAGEMENT_PORT): "
              + rootMessage(e),
          e);
    }
  }

  private static String discoveryMethod(NodeSettings settings) {
    String path = "akka.management.cluster.bootstrap.contact-point-discovery.discovery-method";
    return settings.config().hasPath(path)
        ? settings.config().getString(path)
        : "akka.discovery.method";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
