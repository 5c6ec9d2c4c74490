package com.reservation.http.node;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.EngineAssembly;
import com.reservation.engine.ReservationEngine;
import com.reservation.engine.store.ConnectionTimeouts;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.http.live.LiveAvailability;
import com.reservation.http.live.LiveSettings;
import com.reservation.http.metrics.NodeMetrics;
import com.reservation.http.metrics.ProjectionLag;
import com.reservation.http.routes.AdminTokens;
import com.reservation.http.routes.ApiRoutes;
import com.reservation.http.routes.HttpSettings;
import com.reservation.http.routes.NodeContext;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: database (embedded or external), schema, ActorSystem in its cluster, engine,
 * HTTP server. {@link #start} returns once the node serves; {@link #stop} (or SIGTERM) runs Akka's
 * coordinated shutdown, which unbinds HTTP, lets in-flight requests finish, hands shards over,
 * leaves the cluster and finally closes the database.
 */
public final class Node {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  public static final String SYSTEM_NAME = "reservation";

  private final NodeSettings settings;
  private final ActorSystem<Void> system;
  private final ReservationEngine engine;
  private final ServerBinding binding;
  private final AdminTokens adminTokens;
  private final NodeContext context;

  private Node(NodeSettings settings, NodeContext context, ServerBinding binding) {
    this.settings = settings;
    this.system = context.system();
    this.engine = context.engine();
    this.binding = binding;
    this.adminTokens = context.adminTokens();
    this.context = context;
  }

  /** Starts a node; throws {@link StartupException} with a message that says what to fix. */
  public static Node start(NodeSettings settings) {
    AdminTokens adminTokens = adminTokens(settings);
    EmbeddedDatabase embedded = null;
    HikariDataSource pool = null;
    HikariDataSource readPool = null;
    ActorSystem<Void> started = null;
    try {
      DatabaseSettings db;
      if (settings.dbUrl().isPresent()) {
        db = DatabaseSettings.fromConfig(settings.config().getConfig("reservation.db"));
        log.info("Using PostgreSQL at {}", db.redactedUrl());
      } else {
        log.info("Starting the embedded PostgreSQL in {} ...", settings.dataDir().toAbsolutePath());
        embedded = EmbeddedDatabase.start(settings.dataDir(), settings.embeddedDbPort());
        db =
            new DatabaseSettings(
                embedded.url(),
                embedded.user(),
                embedded.password(),
                settings.config().getInt("reservation.db.pool-size"),
                ConnectionTimeouts.fromConfig(
                    settings.config().getConfig("reservation.db.timeouts")));
      }
      pool = Database.pool(db, "reservation");
      if (settings.shouldMigrateOnStart()) SchemaMigration.migrate(pool);
      // Public reads get connections of their own, so a flood of them cannot starve bookings.
      readPool =
          Database.pool(
              db.withPoolSize(settings.config().getInt("reservation.public-reads.pool-size")),
              "public-reads");

      ActorSystem<Void> system =
          ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, akkaConfig(settings, db));
      started = system;
      EmbeddedDatabase embeddedDb = embedded;
      HikariDataSource dataSource = pool;
      HikariDataSource publicReadSource = readPool;
      // The database goes last: shards hand over and persist before this phase.
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
              "close-database",
              () -> {
                publicReadSource.close();
                dataSource.close();
                if (embeddedDb != null) {
                  try {
                    embeddedDb.close();
                  } catch (Exception e) {
                    log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
                  }
                }
                return CompletableFuture.completedFuture(Done.getInstance());
              });
      ClusterFormation.start(system, settings);
      drainOnShutdown(system, settings.config().getDuration("reservation.shutdown.drain"));
      // The node's registry first: every meter the engine registers as it starts is exported.
      NodeMetrics metrics =
          NodeMetrics.start(system, dataSource, projectionLagRefresh(system.settings().config()));
      ReservationEngine engine = EngineAssembly.start(system, dataSource, publicReadSource);
      NodeContext context = serving(system, engine, dataSource, adminTokens, metrics);
      ServerBinding binding =
          Http.get(system)
              .newServerAt(settings.httpHost(), settings.httpPort())
              .bind(ApiRoutes.create(context))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      return new Node(settings, context, binding);
    } catch (StartupException e) {
      terminateQuietly(started);
      if (readPool != null) readPool.close();
      closeQuietly(pool, embedded);
      throw e;
    } catch (Exception e) {
      terminateQuietly(started);
      if (readPool != null) readPool.close();
      closeQuietly(pool, embedded);
      throw new StartupException(describe(e), e);
    }
  }

  /**
   * Starts what the routes serve from besides the engine (the metrics registry and its timers, the
   * live availability hubs) and hands it to them in the context.
   */
  private static NodeContext serving(
      ActorSystem<Void> system,
      ReservationEngine engine,
      DataSource dataSource,
      AdminTokens adminTokens,
      NodeMetrics metrics) {
    Config http = system.settings().config().getConfig("reservation.http");
    Duration refresh = projectionLagRefresh(system.settings().config());
    new ProjectionLag(metrics.registry())
        .refresh(system, engine.availability()::projectionLagEvents, refresh);
    LiveAvailability live =
        LiveAvailability.start(
            system,
            engine.events(),
            LiveSettings.fromConfig(http.getConfig("live")),
            metrics.registry());
    return new NodeContext(system, engine, dataSource, adminTokens, metrics, live);
  }

  /**
   * When the node stops, it first goes on serving for {@code drain} while its readiness answers 503
   * (HealthRoutes sees the shutdown begin), so a load balancer moves clients away before
   * connections close.
   */
  private static void drainOnShutdown(ActorSystem<Void> system, Duration drain) {
    if (drain.isZero() || drain.isNegative()) return;
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "drain",
            () -> {
              log.info("Stopping: not ready any more, serving on for {} ms", drain.toMillis());
              return akka.pattern.Patterns.after(
                  drain,
                  system.classicSystem().scheduler(),
                  system.executionContext(),
                  () -> CompletableFuture.completedFuture(Done.getInstance()));
            });
  }

  private static Duration projectionLagRefresh(Config config) {
    return HttpSettings.fromConfig(config.getConfig("reservation.http")).projectionLagRefresh();
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root instanceof BindException) {
      return "A port is already in use ("
          + message
          + "). Choose another with --http-port or the RESERVATION_*_PORT variables.";
    }
    if (e instanceof SchemaMigration.MigrationException) return e.getMessage();
    return "The node could not start: " + message;
  }

  /**
   * A start that failed after the ActorSystem was created must not leave its threads (and ports)
   * behind.
   */
  private static void terminateQuietly(ActorSystem<Void> system) {
    if (system == null) return;
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Already failing; the original error is what the operator needs.
    }
  }

  private static void closeQuietly(HikariDataSource pool, EmbeddedDatabase embedded) {
    if (pool != null) pool.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (Exception ignored) {
        // Already failing; the original error is what the operator needs.
      }
    }
  }

  private static AdminTokens adminTokens(NodeSettings settings) {
    if (!settings.adminTokens().isEmpty()) {
      try {
        return AdminTokens.of(settings.adminTokens());
      } catch (IllegalArgumentException e) {
        throw new StartupException(
            "RESERVATION_ADMIN_TOKEN / RESERVATION_ADMIN_TOKENS: " + e.getMessage() + ".", null);
      }
    }
    if (settings.dbUrl().isPresent() || !settings.singleNode()) {
      throw new StartupException(
          "RESERVATION_ADMIN_TOKEN (or RESERVATION_ADMIN_TOKENS) is required with an external database or several nodes: set it (at least 16 characters) on every node.",
          null);
    }
    return AdminTokens.generate();
  }

  /**
   * The node's Akka configuration: cluster identity and the journal's database over the layered
   * settings.
   */
  static Config akkaConfig(NodeSettings settings, DatabaseSettings db) {
    Map<String, Object> overlay = new HashMap<>();
    overlay.put("akka.remote.artery.canonical.hostname", settings.hostname());
    overlay.put("akka.remote.artery.canonical.port", settings.remotePort());
    overlay.put("akka.management.http.hostname", settings.hostname());
    overlay.put("akka.management.http.port", settings.managementPort());
    List<String> seeds = new ArrayList<>();
    for (String seed : settings.seedNodes()) seeds.add("akka://" + SYSTEM_NAME + "@" + seed);
    overlay.put("akka.cluster.seed-nodes", seeds);
    overlay.put("reservation.db.url", db.url());
    overlay.put("reservation.db.user", db.user());
    overlay.put("reservation.db.password", db.password());
    String jdbc = "akka-persistence-jdbc.shared-databases.default.db.";
    overlay.put(jdbc + "url", db.url());
    overlay.put(jdbc + "user", db.user());
    overlay.put(jdbc + "password", db.password());
    overlay.put("reservation-journal.url", db.url());
    overlay.put("reservation-journal.user", db.user());
    overlay.put("reservation-journal.password", db.password());
    return ConfigFactory.parseMap(overlay).withFallback(settings.config()).resolve();
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public String baseUrl() {
    return "http://" + settings.httpHost() + ":" + httpPort();
  }

  /**
   * The tokens /admin/** accepts (never printable, except one this node generated: see {@link
   * AdminTokens}).
   */
  public AdminTokens adminTokens() {
    return adminTokens;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ReservationEngine engine() {
    return engine;
  }

  /** The node's metrics registry (served at {@code GET /metrics}). */
  public NodeMetrics metrics() {
    return context.metrics();
  }

  /** The node's live availability hubs. */
  public LiveAvailability live() {
    return context.live();
  }

  /** Runs coordinated shutdown and completes when the ActorSystem has terminated. */
  public CompletionStage<Done> stop() {
    // terminate() runs coordinated shutdown (unbind, drain, hand shards over, leave) before the
    // system stops.
    system.terminate();
    return system.getWhenTerminated();
  }

  /** The node could not start; the message says what to fix. */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
