package com.reservation.http.cli;

import com.reservation.http.node.NodeSettings;
import com.reservation.http.node.Redaction;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the configuration a node would run with (flags, environment, --config file and defaults
 * layered), with every secret masked, so an operator can check a deployment without starting it or
 * reading its secrets.
 */
@Command(
    name = "configs",
    mixinStandardHelpOptions = true,
    description = {
      "Print the effective configuration, secrets masked, then exit.",
      "Flags over RESERVATION_* variables over the --config file over the defaults; takes the same flags as start."
    })
public final class ConfigsCommand implements Callable<Integer> {
  private static final String MASK = Redaction.MASK;

  /** Settings whose values are secrets, by the last segment of their path. */
  private static final Pattern SECRET =
      Pattern.compile("(?i).*(password|token|secret|credential).*");

  /** Akka settings an operator asks about most; --all prints every one. */
  private static final List<String> KEY_AKKA_SETTINGS =
      List.of(
          "akka.http.server.request-timeout",
          "akka.http.server.idle-timeout",
          "akka.http.server.max-connections",
          "akka.cluster.sharding.number-of-shards",
          "akka.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout",
          "akka.cluster.split-brain-resolver.active-strategy",
          "akka.cluster.split-brain-resolver.stable-after",
          "akka.coordinated-shutdown.exit-jvm",
          "akka.persistence.journal.plugin",
          "akka.persistence.snapshot-store.plugin",
          "reservation-journal.pool-size",
          "reservation-journal.max-concurrent-writes",
          "reservation-journal.max-rows-per-write");

  private static final List<String> ALL_ROOTS =
      List.of(
          "akka",
          "reservation-journal",
          "reservation-snapshot-store",
          "akka-persistence-jdbc",
          "jdbc-journal",
          "jdbc-snapshot-store",
          "jdbc-read-journal");

  @Mixin NodeOptions options;

  @Option(
      names = "--all",
      description = "Print every Akka and persistence setting too, not only the main ones.")
  boolean all;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    NodeSettings settings;
    try {
      settings = options.settings();
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("reservation-engine configs: " + e.getMessage());
      return 2;
    }
    Config config = settings.config();
    out.println("# reservation-engine: effective configuration (secrets masked)");
    out.println(
        "# database: "
            + (settings.dbUrl().isPresent()
                ? "external, " + redactUrl(settings.dbUrl().get())
                : "embedded PostgreSQL in "
                    + settings.dataDir().toAbsolutePath().resolve("postgres")));
    out.println(
        "# admin tokens: "
            + (settings.adminTokens().isEmpty()
                ? "unset (a single node generates one at start)"
                : settings.adminTokens().size() + " set"));
    out.println(
        "# cluster: "
            + (settings.singleNode() ? "single node" : "seed nodes " + settings.seedNodes()));
    Map<String, String> lines = new TreeMap<>();
    collect(config, "reservation", lines);
    if (all) {
      for (String root : ALL_ROOTS) collect(config, root, lines);
    } else {
      for (String path : KEY_AKKA_SETTINGS) {
        if (config.hasPath(path)) lines.put(path, render(path, config.getValue(path)));
      }
    }
    lines.forEach((path, value) -> out.println(path + " = " + value));
    out.flush();
    return 0;
  }

  private static void collect(Config config, String root, Map<String, String> lines) {
    if (!config.hasPath(root)) return;
    for (Map.Entry<String, ConfigValue> entry : config.getConfig(root).entrySet()) {
      String path = root + "." + entry.getKey();
      lines.put(path, render(path, entry.getValue()));
    }
  }

  static String render(String path, ConfigValue value) {
    String last = path.substring(path.lastIndexOf('.') + 1).replace("\"", "");
    String rendered = value.render(ConfigRenderOptions.concise());
    if (SECRET.matcher(last).matches()) {
      Object unwrapped = value.unwrapped();
      boolean unset =
          unwrapped == null
              || unwrapped.toString().isEmpty()
              || (unwrapped instanceof Collection<?> list && list.isEmpty());
      return unset ? rendered + " (unset)" : MASK;
    }
    if (last.equals("url") || last.endsWith("-url")) return redactUrl(rendered);
    return rendered;
  }

  /** Credentials can hide in a URL's user-info or query ("?password=..."): keep neither. */
  static String redactUrl(String url) {
    return Redaction.url(url);
  }
}
