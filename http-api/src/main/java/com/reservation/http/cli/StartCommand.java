package com.reservation.http.cli;

import com.reservation.http.node.Node;
import com.reservation.http.node.NodeSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Starts a node and keeps serving until SIGTERM (or the cluster removes it). */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start a node. With nothing configured: a single-node cluster on loopback with an embedded PostgreSQL",
      "whose files live under the data directory, so a restart keeps every booking."
    })
public final class StartCommand implements Callable<Integer> {
  /** Exit code meaning "the node is serving; the JVM ends with its shutdown". */
  public static final int KEEP_RUNNING = -1;

  @Mixin NodeOptions options;

  @Override
  public Integer call() {
    // A node that leaves its cluster (downed, or told to leave) ends its process: a supervisor
    // restarts it. Set before the configuration is first loaded, since system properties are read
    // (and cached) then.
    System.setProperty("akka.coordinated-shutdown.exit-jvm", "on");
    NodeSettings settings;
    try {
      settings = options.settings();
    } catch (RuntimeException e) {
      System.err.println("reservation-engine: " + e.getMessage());
      return 2;
    }
    Node node;
    try {
      node = Node.start(settings);
    } catch (Node.StartupException e) {
      System.err.println("reservation-engine: " + e.getMessage());
      return 1;
    }
    node.adminTokens()
        .generatedToken()
        .ifPresent(
            token ->
                System.out.println(
                    "Admin token (generated for this run; set RESERVATION_ADMIN_TOKEN to choose one): "
                        + token));
    System.out.println("reservation-engine listening on " + node.baseUrl());
    System.out.flush();
    return KEEP_RUNNING;
  }
}
