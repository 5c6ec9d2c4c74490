package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.ADMIN_TOKEN;

import com.reservation.http.cli.PostgresCommand;
import com.reservation.testsupport.Polling;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up of the process tests: PostgreSQL (the {@code postgres} command) in {@code
 * target/<name>}, the schema migrated (the {@code migrate} command), then node processes ({@code
 * start}) on loopback with the local overlay ({@code cluster-config/local/local.conf}, so its
 * failover timings are the ones measured), each ready ({@code /health/ready} answers 200). Node
 * {@code i} (from 0) is {@code nodes.get(i)} at {@code baseUrls.get(i)}, its Akka address {@code
 * remoteAddresses.get(i)}. A JUnit extension: a test class registers one as a static field
 * ({@code @RegisterExtension}); it starts before the class's tests and stops the nodes, then
 * PostgreSQL, after them.
 */
final class ProcessCluster implements BeforeAllCallback, AfterAllCallback {
  /** How the nodes form their cluster. */
  enum Formation {
    /**
     * All nodes start at once; the first two are the seeds (either may form the cluster), as a
     * deployment with two seed nodes does.
     */
    TOGETHER,
    /**
     * Node 1 starts alone and forms the cluster (it is the only seed), then each next node joins
     * once the one before listens. Node 1 gets the highest remote port: with one node left of two,
     * the split-brain resolver keeps the side with the lowest address, so node 1's death leaves a
     * working cluster behind.
     */
    FIRST_FORMS_IT
  }

  private static final String LISTENING = "reservation-engine listening on ";

  /** An HTTP/1.1 client that gives up connecting after 2 s (a killed node refuses or stalls). */
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final int size;
  private final Formation formation;
  private final String extraConfig;
  final Path workDir;
  final List<NodeProcess> nodes = new ArrayList<>();
  final List<String> baseUrls = new ArrayList<>();
  final List<String> remoteAddresses = new ArrayList<>();
  String dbUrl;
  String dbPassword;
  private NodeProcess postgres;

  /**
   * A cluster of {@code size} nodes in {@code target/<name>}, started before the test class's tests
   * and stopped after them; {@code extraConfig} (HOCON, may be empty) is appended to the local
   * overlay.
   */
  ProcessCluster(String name, int size, Formation formation, String extraConfig) {
    this.size = size;
    this.formation = formation;
    this.extraConfig = extraConfig;
    this.workDir = Path.of("target", name).toAbsolutePath();
  }

  /** Starts it all in a fresh work directory (JUnit stops what was started even if this fails). */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    deleteRecursively(workDir);
    Files.createDirectories(workDir);
    int[] ports = distinctFreePorts(1 + 2 * size);
    postgres =
        NodeProcess.start(
            "postgres",
            workDir.resolve("logs"),
            Map.of(),
            PostgresCommand.READY_PREFIX,
            "postgres",
            "--port",
            Integer.toString(ports[0]),
            "--data-dir",
            workDir.resolve("db").toString());
    dbUrl = postgres.awaitReady(90).split(" ")[0];
    // The postgres command generated its password and keeps it beside its files.
    dbPassword = Files.readString(workDir.resolve("db").resolve("postgres-password")).trim();
    migrateAndStartNodes(
        Arrays.copyOfRange(ports, 1, 1 + size), Arrays.copyOfRange(ports, 1 + size, ports.length));
  }

  private void migrateAndStartNodes(int[] remotePorts, int[] managementPorts) throws Exception {
    Path logs = workDir.resolve("logs");
    Map<String, String> common = new HashMap<>();
    common.put("RESERVATION_DB_URL", dbUrl);
    common.put("RESERVATION_DB_USER", "postgres");
    common.put("RESERVATION_DB_PASSWORD", dbPassword);
    common.put("RESERVATION_ADMIN_TOKEN", ADMIN_TOKEN);
    // The tests stop their nodes at once; a drain would only add to every stop.
    common.put("RESERVATION_SHUTDOWN_DRAIN", "0s");
    try (NodeProcess migrate =
        NodeProcess.start("migrate", logs, common, "Schema is at version", "migrate")) {
      migrate.awaitReady(90);
      if (!migrate.process.waitFor(30, TimeUnit.SECONDS))
        throw new AssertionError("migrate did not end; see " + migrate.log);
      if (migrate.process.exitValue() != 0)
        throw new AssertionError("migrate failed; see " + migrate.log);
    }

    Path overlay = overlay();
    String seeds;
    if (formation == Formation.FIRST_FORMS_IT) {
      remotePorts =
          Arrays.stream(remotePorts)
              .boxed()
              .sorted(Comparator.reverseOrder())
              .mapToInt(p -> p)
              .toArray();
      seeds = "127.0.0.1:" + remotePorts[0];
    } else {
      seeds = "127.0.0.1:" + remotePorts[0] + ",127.0.0.1:" + remotePorts[Math.min(1, size - 1)];
    }
    for (int i = 0; i < size; i++) {
      Map<String, String> env = new HashMap<>(common);
      env.put("RESERVATION_HTTP_PORT", "0");
      env.put("RESERVATION_REMOTE_PORT", Integer.toString(remotePorts[i]));
      env.put("RESERVATION_MANAGEMENT_PORT", Integer.toString(managementPorts[i]));
      env.put("RESERVATION_SEED_NODES", seeds);
      nodes.add(
          NodeProcess.start(
              "node" + (i + 1), logs, env, LISTENING, "start", "--config", overlay.toString()));
      remoteAddresses.add("akka://reservation@127.0.0.1:" + remotePorts[i]);
      if (formation == Formation.FIRST_FORMS_IT) baseUrls.add(nodes.get(i).awaitReady(120));
    }
    if (formation == Formation.TOGETHER)
      for (NodeProcess node : nodes) baseUrls.add(node.awaitReady(120));
    for (int i = 0; i < size; i++) {
      String ready = baseUrls.get(i) + "/health/ready";
      Polling.until(
          Duration.ofSeconds(90),
          Duration.ofMillis(200),
          () -> status(ready),
          status -> status == 200,
          "node " + (i + 1) + " ready (log: " + nodes.get(i).log + ")");
    }
  }

  /**
   * Free ports, all different: picked while all are held open (ports picked one after another may
   * come back twice, and two nodes then fight over one).
   */
  private static int[] distinctFreePorts(int count) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) held.add(new ServerSocket(0));
      return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket socket : held) socket.close();
    }
  }

  /** The local overlay, or a file that includes it and adds {@code extraConfig}. */
  private Path overlay() throws IOException {
    Path local =
        Path.of("..", "cluster-config", "local", "local.conf").toAbsolutePath().normalize();
    if (!Files.isRegularFile(local)) throw new AssertionError("no overlay at " + local);
    if (extraConfig.isEmpty()) return local;
    Path overlay = workDir.resolve("overlay.conf");
    Files.writeString(overlay, "include file(\"" + local + "\")\n" + extraConfig);
    return overlay;
  }

  private static int status(String url) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Stops the nodes (SIGTERM, so they leave), then PostgreSQL, which they may still reach. */
  @Override
  public void afterAll(ExtensionContext context) {
    for (NodeProcess node : nodes) node.close();
    if (postgres != null) postgres.close();
    postgres = null;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
