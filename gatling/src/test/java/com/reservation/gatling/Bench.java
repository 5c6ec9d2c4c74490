package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import com.reservation.gatling.bench.BenchConfig;
import com.reservation.gatling.bench.BigSlot;
import com.reservation.gatling.bench.Calendar;
import com.reservation.gatling.bench.Ceiling;
import com.reservation.gatling.bench.Citizen;
import com.reservation.gatling.bench.Controller;
import com.reservation.gatling.bench.FullSlot;
import com.reservation.gatling.bench.HotSlot;
import com.reservation.gatling.bench.Phase;
import com.reservation.gatling.bench.Spread;
import com.reservation.gatling.bench.Target;
import com.reservation.gatling.bench.Workload;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole benchmark of {@code gatling/bench.sh} in one Gatling run, so the load generator is one
 * JVM that warms once: every workload against the engine, then against each rival that runs it
 * ({@link BenchConfig#rivalsOf}: lock-naive, lock-best, redis-always, redis-everysec), one phase
 * after the other (see {@link com.reservation.gatling.bench.Controller}). The same {@code -Dusers}
 * clients (closed model) run every phase. Each phase's result lands in {@code -DresultDir}/{@code
 * <workload>-<target>.json}. Settings: {@link BenchConfig}.
 */
public class Bench extends Simulation {
  private final BenchConfig config = BenchConfig.fromSystemProperties();
  private final List<Phase> plan = plan(config);
  private final Controller controller = new Controller(config, plan);

  {
    ChainBuilder phases = exec(session -> session);
    for (Phase phase : plan) phases = phases.exec(phase.chain());
    long slack = 600;
    setUp(scenario("bench").exec(phases).injectOpen(atOnceUsers(config.users())))
        .protocols(
            // Absolute URLs, one connection pool for all users (kept alive), no header or feature a
            // server ignores.
            http.shareConnections()
                .disableWarmUp()
                .disableCaching()
                .disableAutoReferer()
                .disableAutoOrigin()
                .disableUrlEncoding()
                .disableFollowRedirect()
                .contentTypeHeader("application/json")
                .acceptHeader("application/json"))
        .maxDuration(Duration.ofSeconds(maxSeconds(config, plan.size()) + slack));
  }

  static List<Phase> plan(BenchConfig config) {
    Target engine = Target.engine(config.engineUrl(), config.enginePid());
    java.util.Map<String, Target> rivals = new java.util.LinkedHashMap<>();
    config
        .baselineUrl()
        .ifPresent(
            url ->
                rivals.put(
                    "lock-naive",
                    Target.rival("lock-naive", url, config.baselinePid(), "postgres")));
    config
        .bestUrl()
        .ifPresent(
            url ->
                rivals.put(
                    "lock-best", Target.rival("lock-best", url, config.baselinePid(), "postgres")));
    config
        .redisAlwaysUrl()
        .ifPresent(
            url ->
                rivals.put(
                    "redis-always",
                    Target.rival("redis-always", url, config.baselinePid(), "redis_always")));
    config
        .redisEverysecUrl()
        .ifPresent(
            url ->
                rivals.put(
                    "redis-everysec",
                    Target.rival("redis-everysec", url, config.baselinePid(), "redis_everysec")));
    String ns = config.namespace();
    long seed = config.seed();
    List<Phase> plan = new ArrayList<>();
    for (String workload : config.workloads()) {
      switch (workload) {
        case "ceiling" -> plan.add(new Phase(new Ceiling("ceiling", engine), engine, true));
        case "hot-slot-limit" -> {
          // The hot slot at a venue with a per-customer limit: what the allowance check costs
          // (engine only; the
          // lock-based baseline has no such limit).
          Layout limited =
              Layout.dense(ns + "-hotlim", config.startDate(), 200, config.hotCapacity());
          plan.add(
              new Phase(new HotSlot("hot-slot-limit", engine, limited, seed, 1), engine, true));
        }
        case "big-slot" -> {
          Layout warm = Layout.dense(ns + "-bigwarm", config.startDate(), 200, 100_000);
          plan.add(new Phase(new HotSlot("big-slot-warmup", engine, warm, seed), engine, false));
          Layout big = Layout.dense(ns + "-big", config.startDate(), 3, 100_000);
          plan.add(new Phase(new BigSlot(engine, big, seed), engine, true));
        }
        default -> {
          List<Target> targets = new ArrayList<>(List.of(engine));
          for (String rival : config.rivalsOf(workload)) targets.add(rivals.get(rival));
          for (Target target : targets)
            plan.add(new Phase(workloadOf(workload, target, config), target, true));
        }
      }
    }
    if (config.workloads().contains("ceiling") && plan.size() > 1) {
      plan.add(new Phase(new Ceiling("ceiling-end", engine), engine, true));
    }
    if (config.jfrFile().isPresent() && config.workloads().contains("hot-slot")) {
      Layout slots = Layout.dense(ns + "-hotprof", config.startDate(), 200, config.hotCapacity());
      plan.add(new Phase(new HotSlot(Controller.PROFILE, engine, slots, seed), engine, false));
    }
    return plan;
  }

  private static Workload workloadOf(String workload, Target target, BenchConfig config) {
    String ns = config.namespace();
    long seed = config.seed();
    return switch (workload) {
      case "hot-slot" ->
          new HotSlot(
              "hot-slot",
              target,
              Layout.dense(ns + "-hot", config.startDate(), 200, config.hotCapacity()),
              seed);
      case "spread" ->
          new Spread(target, Layout.dense(ns + "-spread", config.startDate(), 10_000, 1_000), seed);
      case "citizen" ->
          new Citizen(
              target,
              Layout.site(
                  ns + "-citizen",
                  config.startDate(),
                  config.citizenDays(),
                  config.citizenCapacity()),
              seed);
      case "full-slot" ->
          new FullSlot(target, Layout.dense(ns + "-full", config.startDate(), 1, 1), seed);
      case "calendar" -> {
        List<Layout> venues = new ArrayList<>();
        for (int i = 0; i < 4; i++)
          venues.add(Layout.site(ns + "-cal-" + i, config.startDate(), 61, 50));
        yield new Calendar(target, venues, seed);
      }
      default -> throw new IllegalArgumentException("unknown workload " + workload);
    };
  }

  /** A bound on the run: every phase at its maxima, plus the big slot's. */
  private static long maxSeconds(BenchConfig config, int phases) {
    long perPhase =
        2L * config.settleSeconds()
            + config.warmupMaxSeconds()
            + config.windowSeconds()
            + config.measureSeconds()
            + 60L;
    long sweep =
        (long) config.poolSweep().size() * (config.sweepSeconds() + 2) + config.windowSeconds();
    return perPhase * phases + sweep * 5 + config.bigMaxSeconds();
  }

  @Override
  public void before() {
    System.out.println(
        "Bench seed="
            + config.seed()
            + " namespace="
            + config.namespace()
            + " startDate="
            + config.startDate()
            + " users="
            + config.users()
            + " workloads="
            + config.workloads()
            + " phases="
            + plan.stream().map(Phase::name).toList());
    Set<Target> ready = new LinkedHashSet<>();
    for (Phase phase : plan) {
      Seeder seeder = new Seeder(phase.target().url(), config.adminToken());
      if (ready.add(phase.target())) seeder.awaitReady(Duration.ofSeconds(60));
      phase.workload().prepare(seeder);
    }
    controller.start();
  }

  @Override
  public void after() {
    try {
      controller.awaitEnd(30);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
