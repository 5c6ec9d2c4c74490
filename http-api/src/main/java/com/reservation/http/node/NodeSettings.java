package com.reservation.http.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A node's resolved settings. Built from a configuration in which flags and {@code RESERVATION_*}
 * variables were already layered (see {@link #resolveConfig}); everything else reads these, never
 * the environment.
 *
 * @param adminTokens {@code reservation.node.admin-token} then {@code admin-tokens}, blanks
 *     dropped; empty when none was given (a single node then generates one)
 */
public record NodeSettings(
    String httpHost,
    int httpPort,
    Path dataDir,
    int embeddedDbPort,
    Optional<String> dbUrl,
    String dbUser,
    String dbPassword,
    List<String> adminTokens,
    String hostname,
    int remotePort,
    int managementPort,
    List<String> seedNodes,
    String migrateOnStart,
    Config config) {

  /** Variables whose comma-separated value becomes a list. */
  private static final Set<String> LISTS =
      Set.of("reservation.node.seed-nodes", "reservation.node.admin-tokens");

  /** Environment variables and the configuration path each one sets. */
  public static final Map<String, String> ENVIRONMENT =
      Map.ofEntries(
          Map.entry("RESERVATION_HTTP_HOST", "reservation.node.http-host"),
          Map.entry("RESERVATION_HTTP_PORT", "reservation.node.http-port"),
          Map.entry("RESERVATION_DATA_DIR", "reservation.node.data-dir"),
          Map.entry("RESERVATION_EMBEDDED_DB_PORT", "reservation.node.embedded-db-port"),
          Map.entry("RESERVATION_DB_URL", "reservation.db.url"),
          Map.entry("RESERVATION_DB_USER", "reservation.db.user"),
          Map.entry("RESERVATION_DB_PASSWORD", "reservation.db.password"),
          Map.entry("RESERVATION_ADMIN_TOKEN", "reservation.node.admin-token"),
          Map.entry("RESERVATION_ADMIN_TOKENS", "reservation.node.admin-tokens"),
          Map.entry("RESERVATION_HOSTNAME", "reservation.node.hostname"),
          Map.entry("RESERVATION_REMOTE_PORT", "reservation.node.remote-port"),
          Map.entry("RESERVATION_MANAGEMENT_PORT", "reservation.node.management-port"),
          Map.entry("RESERVATION_SEED_NODES", "reservation.node.seed-nodes"),
          Map.entry("RESERVATION_MIGRATE_ON_START", "reservation.node.migrate-on-start"),
          Map.entry("RESERVATION_SHUTDOWN_DRAIN", "reservation.shutdown.drain"),
          Map.entry(
              "RESERVATION_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
              "reservation.events.webhooks.allow-private-targets"));

  /**
   * Layers, highest first: {@code flags} (configuration paths to values), the environment, the
   * {@code --config} file, application.conf, the jars' defaults. Whether a database URL was given
   * is remembered in {@code reservation.node.external-db}, since reference.conf always carries a
   * URL.
   */
  public static Config resolveConfig(
      Map<String, Object> flags, Map<String, String> environment, Optional<Path> configFile) {
    Map<String, Object> fromEnvironment = new LinkedHashMap<>();
    ENVIRONMENT.forEach(
        (variable, path) -> {
          String value = environment.get(variable);
          if (value == null || value.isBlank()) return;
          if (LISTS.contains(path)) {
            List<String> items = new ArrayList<>();
            for (String item : value.split(",")) if (!item.isBlank()) items.add(item.trim());
            fromEnvironment.put(path, items);
          } else {
            fromEnvironment.put(path, value);
          }
        });
    Config file =
        configFile
            .map(
                p ->
                    ConfigFactory.parseFile(
                        p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)))
            .orElse(ConfigFactory.empty());
    Config layered =
        ConfigFactory.parseMap(flags)
            .withFallback(ConfigFactory.parseMap(fromEnvironment))
            .withFallback(file);
    boolean externalDb = layered.hasPath("reservation.db.url");
    return ConfigFactory.load(
        layered
            .withFallback(
                ConfigFactory.parseMap(Map.of("reservation.node.external-db", externalDb)))
            // Likewise a management port given explicitly turns Akka Management on for a single
            // node too.
            .withFallback(
                ConfigFactory.parseMap(
                    Map.of(
                        "reservation.node.management-port-given",
                        layered.hasPath("reservation.node.management-port"))))
            .withFallback(ConfigFactory.defaultApplication()));
  }

  public static NodeSettings fromConfig(Config config) {
    Config node = config.getConfig("reservation.node");
    List<String> tokens = new ArrayList<>();
    // Trimmed: a token read from a file or a secret often ends with a newline no client sends.
    if (!node.getString("admin-token").isBlank()) tokens.add(node.getString("admin-token").trim());
    for (String token : node.getStringList("admin-tokens"))
      if (!token.isBlank()) tokens.add(token.trim());
    boolean external = node.hasPath("external-db") && node.getBoolean("external-db");
    return new NodeSettings(
        node.getString("http-host"),
        node.getInt("http-port"),
        Path.of(node.getString("data-dir")),
        node.getInt("embedded-db-port"),
        external ? Optional.of(config.getString("reservation.db.url")) : Optional.empty(),
        config.getString("reservation.db.user"),
        config.getString("reservation.db.password"),
        List.copyOf(tokens),
        node.getString("hostname"),
        node.getInt("remote-port"),
        node.getInt("management-port"),
        node.getStringList("seed-nodes"),
        node.getString("migrate-on-start"),
        config);
  }

  /**
   * A node is on its own when no seed nodes are given and no Cluster Bootstrap looks for peers: a
   * one-node cluster.
   */
  public boolean singleNode() {
    return seedNodes.isEmpty() && !ClusterFormation.clusterBootstrap(this);
  }

  /**
   * Names every setting but shows no secret: the database password and the admin tokens are masked,
   * and the full configuration (which holds them too) is left out.
   */
  @Override
  public String toString() {
    return "NodeSettings[httpHost="
        + httpHost
        + ", httpPort="
        + httpPort
        + ", dataDir="
        + dataDir
        + ", embeddedDbPort="
        + embeddedDbPort
        + ", dbUrl="
        + dbUrl.map(Redaction::url).orElse("(embedded)")
        + ", dbUser="
        + dbUser
        + ", dbPassword=****, adminTokens=<"
        + adminTokens.size()
        + " set>"
        + ", hostname="
        + hostname
        + ", remotePort="
        + remotePort
        + ", managementPort="
        + managementPort
        + ", seedNodes="
        + seedNodes
        + ", migrateOnStart="
        + migrateOnStart
        + "]";
  }

  public boolean shouldMigrateOnStart() {
    return switch (migrateOnStart) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      default -> singleNode();
    };
  }
}
