package com.reservation.baseline;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the baseline service: {@code java -cp ... com.reservation.baseline.BaselineMain --port
 * 8090 --db-url jdbc:postgresql://127.0.0.1:54329/postgres}. Prints {@code baseline listening on
 * http://HOST:PORT} once it serves; stops on SIGTERM.
 */
public final class BaselineMain {
  private BaselineMain() {}

  /** Command-line options; each has a default except the database URL. */
  record Options(
      String host,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      int poolSize,
      Optional<String> adminToken) {

    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      List<String> known =
          List.of(
              "--host",
              "--port",
              "--db-url",
              "--db-user",
              "--db-password",
              "--pool-size",
              "--admin-token");
      for (int i = 0; i < args.length; i++) {
        if (!known.contains(args[i]) || i + 1 >= args.length) {
          throw new IllegalArgumentException(
              "unknown option or missing value: " + args[i] + "; options: " + known);
        }
        given.put(args[i], args[++i]);
      }
      if (!given.containsKey("--db-url"))
        throw new IllegalArgumentException("--db-url is required");
      String token = given.getOrDefault("--admin-token", System.getenv("RESERVATION_ADMIN_TOKEN"));
      return new Options(
          given.getOrDefault("--host", "127.0.0.1"),
          Integer.parseInt(given.getOrDefault("--port", "8090")),
          given.get("--db-url"),
          given.getOrDefault("--db-user", "postgres"),
          given.getOrDefault("--db-password", "postgres"),
          Integer.parseInt(given.getOrDefault("--pool-size", "32")),
          Optional.ofNullable(token).filter(t -> !t.isBlank()));
    }
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (RuntimeException e) {
      System.err.println("baseline: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      start(options);
    } catch (Exception e) {
      System.err.println("baseline: could not start: " + e);
      // Akka's and Hikari's threads would keep a failed JVM alive.
      System.exit(1);
    }
  }

  static ActorSystem<Void> start(Options options) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setPoolName("baseline");
    config.setJdbcUrl(options.dbUrl());
    config.setUsername(options.dbUser());
    config.setPassword(options.dbPassword());
    config.setMaximumPoolSize(options.poolSize());
    config.setMinimumIdle(options.poolSize());
    config.setAutoCommit(false);
    config.setConnectionTimeout(5_000);
    HikariDataSource pool = new HikariDataSource(config);
    BaselineStore store = new BaselineStore(pool);
    store.createSchema();

    AtomicInteger threads = new AtomicInteger();
    ExecutorService jdbc =
        Executors.newFixedThreadPool(
            options.poolSize(),
            r -> {
              Thread t = new Thread(r, "baseline-jdbc-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ObjectMapper mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "baseline", ConfigFactory.load("baseline"));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-pool",
            () -> {
              jdbc.shutdown();
              pool.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    ServerBinding binding =
        Http.get(system)
            .newServerAt(options.host(), options.port())
            .bind(new BaselineRoutes(store, jdbc, mapper, options.adminToken()).route())
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS)
            .addToCoordinatedShutdown(Duration.ofSeconds(5), system);
    System.out.println(
        "baseline listening on http://"
            + options.host()
            + ":"
            + binding.localAddress().getPort()
            + " (pool "
            + options.poolSize()
            + ")");
    System.out.flush();
    return system;
  }
}
