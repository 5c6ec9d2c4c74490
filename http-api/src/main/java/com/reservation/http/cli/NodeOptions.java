package com.reservation.http.cli;

import com.reservation.http.node.NodeSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The flags shared by the commands that need a node's settings; each overrides its RESERVATION_*
 * variable.
 */
public final class NodeOptions {
  @Option(
      names = "--http-port",
      description =
          "Public HTTP port; 0 picks a free one (env RESERVATION_HTTP_PORT, default 8080).")
  Integer httpPort;

  @Option(
      names = "--data-dir",
      description =
          "Where the embedded PostgreSQL keeps its files (env RESERVATION_DATA_DIR, default ./data).")
  Path dataDir;

  @Option(
      names = "--db-url",
      description =
          "JDBC URL of an external PostgreSQL; no embedded database starts (env RESERVATION_DB_URL).")
  String dbUrl;

  @Option(
      names = "--config",
      description =
          "An extra HOCON file layered over the defaults, e.g. cluster-config/local/node1.conf.")
  Path configFile;

  /** Where RESERVATION_* variables come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  /**
   * The layered settings: flags, then the environment, then the --config file, then the defaults.
   */
  public NodeSettings settings() {
    Map<String, Object> flags = new LinkedHashMap<>();
    if (httpPort != null) flags.put("reservation.node.http-port", httpPort);
    if (dataDir != null) flags.put("reservation.node.data-dir", dataDir.toString());
    if (dbUrl != null) flags.put("reservation.db.url", dbUrl);
    if (configFile != null && !configFile.toFile().isFile()) {
      throw new IllegalArgumentException("--config " + configFile + ": no such file");
    }
    return NodeSettings.fromConfig(
        NodeSettings.resolveConfig(flags, environment, Optional.ofNullable(configFile)));
  }
}
