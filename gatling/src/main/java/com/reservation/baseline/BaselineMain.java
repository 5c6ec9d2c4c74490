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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the rivals of the benchmark in one JVM, each on its own port behind the same front end
 * ({@link BaselineRoutes}): {@code lock-naive} (the first baseline) always, {@code lock-best} and
 * the Redis rivals when their options are given:
 *
 * <pre>
 * java -cp ... com.reservation.baseline.BaselineMain --port 8090 --db-url jdbc:postgresql://127.0.0.1:54329/postgres \
 *     [--best-port 8091 --best-pool 16] [--redis-always-port 8092 --redis-always-server 127.0.0.1:6390] \
 *     [--redis-everysec-port 8093 --redis-everysec-server 127.0.0.1:6391]
 * </pre>
 *
 * Prints {@code baseline listening on http://HOST:PORT} once lock-naive serves, and {@code rival
 * NAME listening on http://HOST:PORT} for each other rival; stops on SIGTERM. One JVM for all: the
 * front end's code warms once, and only one rival is under load at a time, so its CPU per operation
 * is still its own.
 */
public final class BaselineMain {
  private BaselineMain() {}

  private static final List<String> KNOWN =
      List.of(
          "--host",
          "--port",
          "--db-url",
          "--db-user",
          "--db-password",
          "--pool-size",
          "--admin-token",
          "--best-port",
          "--best-pool",
          "--best-read-cache-ms",
          "--redis-always-port",
          "--redis-always-server",
          "--redis-everysec-port",
          "--redis-everysec-server",
          "--redis-connections");

  /** Command-line options; each has a default except the database URL. */
  record Options(
      String host,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      int poolSize,
      Optional<String> adminToken,
      int bestPort,
      int bestPool,
      int bestReadCacheMs,
      int redisAlwaysPort,
      Optional<String> redisAlwaysServer,
      int redisEverysecPort,
      Optional<String> redisEverysecServer,
      int redisConnections) {

    /** The options of the first baseline alone (lock-naive). */
    Options(
        String host,
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int poolSize,
        Optional<String> adminToken) {
      this(
          host,
          port,
          dbUrl,
          dbUser,
          dbPassword,
          poolSize,
          adminToken,
          -1,
          16,
          250,
          -1,
          Optional.empty(),
          -1,
          Optional.empty(),
          32);
    }

    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!KNOWN.contains(args[i]) || i + 1 >= args.length) {
          throw new IllegalArgumentException(
              "unknown option or missing value: " + args[i] + "; options: " + KNOWN);
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
          Optional.ofNullable(token).filter(t -> !t.isBlank()),
          Integer.parseInt(given.getOrDefault("--best-port", "-1")),
          Integer.parseInt(given.getOrDefault("--best-pool", "16")),
          Integer.parseInt(given.getOrDefault("--best-read-cache-ms", "250")),
          Integer.parseInt(given.getOrDefault("--redis-always-port", "-1")),
          Optional.ofNullable(given.get("--redis-always-server")),
          Integer.parseInt(given.getOrDefault("--redis-everysec-port", "-1")),
          Optional.ofNullable(given.get("--redis-everysec-server")),
          Integer.parseInt(given.getOrDefault("--redis-connections", "32")));
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
      // Akka's, Hikari's and Jedis's threads would keep a failed JVM alive.
      System.exit(1);
    }
  }

  /** A rival being started: its store, its executor, its port and its read cache. */
  private record Rival(
      RivalStore store, ThreadPoolExecutor executor, int port, Duration readCache) {}

  static ActorSystem<Void> start(Options options) throws Exception {
    ObjectMapper mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    List<Rival> rivals = new ArrayList<>();

    HikariDataSource naivePool = pool(options, "lock-naive", options.poolSize(), false);
    rivals.add(
        new Rival(
            new BaselineStore(naivePool),
            executor("lock-naive", options.poolSize()),
            options.port(),
            Duration.ZERO));
    if (options.bestPort() >= 0) {
      HikariDataSource bestPool = pool(options, "lock-best", options.bestPool(), true);
      ThreadPoolExecutor bestThreads = executor("lock-best", options.bestPool());
      rivals.add(
          new Rival(
              new LockBestStore(bestPool, size -> resize(bestPool, bestThreads, size)),
              bestThreads,
              options.bestPort(),
              Duration.ofMillis(options.bestReadCacheMs())));
    }
    redis(options, "redis-always", options.redisAlwaysPort(), options.redisAlwaysServer(), rivals);
    redis(
        options,
        "redis-everysec",
        options.redisEverysecPort(),
        options.redisEverysecServer(),
        rivals);
    for (Rival rival : rivals) rival.store().init();

    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "baseline", ConfigFactory.load("baseline"));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-stores",
            () -> {
              for (Rival rival : rivals) {
                rival.executor().shutdown();
                try {
                  rival.store().close();
                } catch (Exception e) {
                  // stopping anyway
                }
              }
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    for (Rival rival : rivals) {
      ServerBinding binding =
          Http.get(system)
              .newServerAt(options.host(), rival.port())
              .bind(
                  new BaselineRoutes(
                          rival.store(),
                          rival.executor(),
                          mapper,
                          options.adminToken(),
                          rival.readCache())
                      .route())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      String url = "http://" + options.host() + ":" + binding.localAddress().getPort();
      String name = rival.store().name();
      System.out.println(
          (name.equals("lock-naive")
                  ? "baseline listening on " + url + " (pool " + options.poolSize() + ")"
                  : "rival " + name + " listening on " + url)
              + " threads "
              + rival.executor().getMaximumPoolSize());
    }
    System.out.flush();
    return system;
  }

  private static void redis(
      Options options, String name, int port, Optional<String> server, List<Rival> rivals) {
    if (port < 0 || server.isEmpty()) return;
    String[] hostPort = server.get().split(":");
    rivals.add(
        new Rival(
            new RedisStore(
                name, hostPort[0], Integer.parseInt(hostPort[1]), options.redisConnections()),
            executor(name, options.redisConnections()),
            port,
            Duration.ZERO));
  }

  private static HikariDataSource pool(Options options, String name, int size, boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(options.dbUrl());
    config.setUsername(options.dbUser());
    config.setPassword(options.dbPassword());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setAutoCommit(autoCommit);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  /** A fixed number of threads for a store's blocking calls, resizable (the pool sweep). */
  private static ThreadPoolExecutor executor(String name, int threads) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        30,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The pool and the threads that use it, to the same size. */
  private static void resize(HikariDataSource pool, ThreadPoolExecutor threads, int size) {
    LockBestStore.resizePool(pool, size);
    if (size >= threads.getMaximumPoolSize()) {
      threads.setMaximumPoolSize(size);
      threads.setCorePoolSize(size);
    } else {
      threads.setCorePoolSize(size);
      threads.setMaximumPoolSize(size);
    }
  }
}
