package com.reservation.gatling.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the plan, one phase after the other, on its own thread while Gatling's users follow: before
 * a phase, a PostgreSQL CHECKPOINT (so no timed checkpoint falls into the next minutes) and a wait
 * until the servers are idle; then short windows until the rate is steady ({@link SteadyRule});
 * then the measured window, with the CPU each process used in exactly that window; then the phase
 * closes, its users drain, and its result file is written. The windows are the phase markers: the
 * same instants bound the counted answers and the CPU readings.
 */
public final class Controller implements Runnable {
  private final BenchConfig config;
  private final List<Phase> plan;
  private final SteadyRule rule;

  /** The warm-up rule of a rival once the rivals' JVM has warmed in an earlier phase. */
  private final SteadyRule rivalRule;

  private boolean rivalsWarm;
  private final Progress progress;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final long self = ProcessHandle.current().pid();

  public Controller(BenchConfig config, List<Phase> plan) {
    this.config = config;
    this.plan = List.copyOf(plan);
    this.rule =
        new SteadyRule(
            config.warmupMinSeconds(),
            config.warmupMaxSeconds(),
            config.steadyTolerance(),
            config.jitLimitCores());
    this.rivalRule =
        new SteadyRule(
            config.rivalWarmupMinSeconds(),
            config.warmupMaxSeconds(),
            config.steadyTolerance(),
            config.jitLimitCores());
    this.progress = new Progress(config, this.plan);
  }

  /**
   * Whether this phase records JFR instead of measuring: the last phase of a run, hot slot on the
   * engine. Starting and stopping a recording makes the JVM throw away compiled code (JFR
   * instruments JDK classes), and the engine then recompiles at up to a core for half a minute: no
   * measured phase may follow it.
   */
  static boolean profiles(BenchConfig config, Phase phase) {
    return config.jfrFile().isPresent() && phase.workload().name().equals(PROFILE);
  }

  /** The name of the profiling phase's workload (see {@link #profiles}). */
  public static final String PROFILE = "hot-slot-profile";

  public void start() {
    Thread thread = new Thread(this, "bench-controller");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until every phase is closed. */
  public void awaitEnd(long seconds) throws InterruptedException {
    finished.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void run() {
    try {
      for (int i = 0; i < plan.size(); i++) {
        Phase phase = plan.get(i);
        progress.phaseStarted(i);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workload", phase.workload().name());
        result.put("target", phase.target().name());
        result.put("jvm", phase.target().jvm());
        result.put("store", phase.target().store());
        result.put("unit", phase.workload().unit());
        result.put("settle", prepare());
        phase.open();
        if (phase.workload() instanceof BigSlot big) {
          result.putAll(runBig(phase, big));
        } else {
          result.putAll(runTimed(phase));
        }
        phase.close();
        result.put("usersDrained", awaitUsers(phase));
        result.put("unanswered", phase.unanswered());
        // After the profiling phase nothing is measured: no need to wait out its recompilation.
        if (!profiles(config, phase)) result.put("tail", tail());
        if (phase.workload() instanceof HotSlot hot) {
          result.put("slotsUsed", hot.used());
          if (hot.used() >= hot.slots())
            progress.phase("WARNING: the hot slots ran out (raise hotCapacity)");
        }
        write(phase, result);
      }
      progress.say("all phases done");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | IOException e) {
      progress.say("ERROR: the benchmark stopped: " + e);
      e.printStackTrace();
    } finally {
      // Users pass every phase that is closed; after a failure they all fall through to the end.
      plan.forEach(Phase::close);
      finished.countDown();
    }
  }

  /**
   * The same database state before every phase: VACUUM (ANALYZE), so that no phase inherits the
   * dead rows and stale statistics of the one before (autovacuum would clean them at a moment set
   * by its own clock, which fell into a different phase in each run), then CHECKPOINT, then up to
   * settleSeconds until the servers and PostgreSQL are idle. Autovacuum itself stays on: switched
   * off, PostgreSQL's cost per booking rose by an order of magnitude (most likely the engine's
   * queries planned on the statistics of empty tables, with no ANALYZE as they grow within a
   * phase).
   */
  private Map<String, Object> prepare() throws InterruptedException {
    Map<String, Object> settle = new LinkedHashMap<>();
    if (config.dbUrl().isPresent()) {
      long start = System.nanoTime();
      settle.put("vacuum", sql(config.dbUrl().get(), "VACUUM (ANALYZE)"));
      settle.put("checkpoint", sql(config.dbUrl().get(), "CHECKPOINT"));
      settle.put("maintenanceSeconds", round((System.nanoTime() - start) / 1e9));
    }
    settle.putAll(awaitIdle());
    return settle;
  }

  /**
   * What the servers still do once a phase's load has stopped (a projection catching up, snapshots,
   * vacuum): the time and CPU until they are idle. Work a server defers out of the measured window
   * shows here, not in its cost per operation; and the next phase starts on an idle machine.
   */
  private Map<String, Object> tail() throws InterruptedException {
    CpuSample start = CpuSample.take(config);
    Map<String, Object> tail = awaitIdle();
    tail.put("cpu", CpuSample.take(config).since(start));
    return tail;
  }

  /**
   * Up to settleSeconds until the servers and PostgreSQL together use < 10% of a core over a
   * second.
   */
  private Map<String, Object> awaitIdle() throws InterruptedException {
    long start = System.nanoTime();
    double busy;
    do {
      CpuSample before = CpuSample.take(config);
      Thread.sleep(1000);
      busy = CpuSample.take(config).serversBusySince(before);
    } while (busy >= 0.10 && (System.nanoTime() - start) / 1e9 < config.settleSeconds());
    Map<String, Object> idle = new LinkedHashMap<>();
    idle.put("seconds", round((System.nanoTime() - start) / 1e9));
    idle.put("serversBusyCores", round(busy));
    return idle;
  }

  /** Statements run one by one (autocommit: VACUUM refuses a transaction); "done" or why not. */
  private static String sql(String url, String... statements) {
    try (Connection connection =
            DriverManager.getConnection(
                url,
                System.getProperty("dbUser", "postgres"),
                System.getProperty("dbPassword", "postgres"));
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(300);
      for (String sql : statements) statement.execute(sql);
      return "done";
    } catch (SQLException e) {
      return "failed: " + e.getMessage();
    }
  }

  private Map<String, Object> runTimed(Phase phase) throws InterruptedException, IOException {
    Map<String, Object> result = new LinkedHashMap<>();
    if (sweeps(phase)) result.put("poolSweep", sweep(phase));
    result.put("warmup", warmUp(phase));
    if (phase.target().isRival()) rivalsWarm = true;
    if (profiles(config, phase)) {
      result.put("jfr", recordJfr(phase));
      return result;
    }

    progress.phase("measuring " + config.measureSeconds() + " s");
    phase.workload().measuring();
    phase.nextWindow(true);
    CpuSample before = CpuSample.take(config);
    Thread.sleep(config.measureSeconds() * 1000L);
    Window measured = phase.nextWindow(false);
    CpuSample after = CpuSample.take(config);
    double seconds = (after.nanos() - measured.startNanos()) / 1e9;
    result.putAll(summary(measured, seconds));
    Map<String, Object> cpu = after.since(before);
    result.put("cpu", cpu);
    progress.phase(
        String.format(
            Locale.ROOT,
            "measured %,.0f %s, p99 %d ms; CPU per operation: %s %s µs, its store %s µs, load generator %s µs",
            measured.counted() / seconds,
            phase.workload().unit(),
            measured.percentile(99),
            phase.target().name(),
            perOperation(cpu.get(phase.target().jvm()), measured.counted()),
            perOperation(cpu.get(phase.target().store()), measured.counted()),
            perOperation(cpu.get("generator"), measured.counted())));
    return result;
  }

  /** Whether this phase sweeps the pool size first: lock-best, when sizes are given. */
  private boolean sweeps(Phase phase) {
    return phase.target().name().equals("lock-best") && !config.poolSweep().isEmpty();
  }

  /**
   * lock-best's pool size, chosen by measuring: one window to warm at the size it has, then each
   * size of the sweep for {@code sweepSeconds} (after a second to open or retire connections), and
   * the fastest is kept for the rest of the phase. The sweep is part of the warm-up: the steady
   * rule then starts afresh at the chosen size.
   */
  private Map<String, Object> sweep(Phase phase) throws InterruptedException {
    Map<String, Object> sweep = new LinkedHashMap<>();
    Map<String, Object> rates = new LinkedHashMap<>();
    long start = System.nanoTime();
    phase.nextWindow(false);
    Thread.sleep(windowSeconds(phase) * 1000L);
    int best = -1;
    double bestRate = -1;
    for (int size : config.poolSweep()) {
      String answer = resizePool(phase, size);
      if (answer != null) {
        sweep.put("error", answer);
        progress.phase("pool sweep: " + answer + "; keeping the pool as it is");
        return sweep;
      }
      Thread.sleep(1000);
      phase.nextWindow(false);
      Thread.sleep(config.sweepSeconds() * 1000L);
      Window window = phase.nextWindow(false);
      double rate = window.counted() / ((System.nanoTime() - window.startNanos()) / 1e9);
      rates.put(Integer.toString(size), round(rate));
      progress.phase(
          String.format(
              Locale.ROOT,
              "pool sweep: %d connections, %,.0f %s",
              size,
              rate,
              phase.workload().unit()));
      if (rate > bestRate) {
        bestRate = rate;
        best = size;
      }
    }
    String answer = resizePool(phase, best);
    sweep.put("rates", rates);
    sweep.put("chosen", best);
    sweep.put("seconds", round((System.nanoTime() - start) / 1e9));
    if (answer != null) sweep.put("error", answer);
    progress.phase("pool sweep: keeping " + best + " connections");
    return sweep;
  }

  /** {@code PUT /admin/pool}; null when done, else what went wrong. */
  private String resizePool(Phase phase, int size) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(phase.target().url() + "/admin/pool"))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString("{\"size\":" + size + "}"));
      config.adminToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? null
          : "resizing answered " + response.statusCode() + ": " + response.body();
    } catch (IOException e) {
      return "resizing failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** A rival after the rivals' JVM has warmed gets the shorter windows. */
  private boolean shortWarmup(Phase phase) {
    return phase.target().isRival() && rivalsWarm;
  }

  private int windowSeconds(Phase phase) {
    return shortWarmup(phase) ? config.rivalWindowSeconds() : config.windowSeconds();
  }

  /** Windows until the rule says steady (or gives up); the list of rates goes into the result. */
  private Map<String, Object> warmUp(Phase phase) throws InterruptedException {
    SteadyRule rule = shortWarmup(phase) ? rivalRule : this.rule;
    int windowSeconds = windowSeconds(phase);
    long start = System.nanoTime();
    List<SteadyRule.Sample> samples = new ArrayList<>();
    phase.nextWindow(false);
    double jitBefore = jit(phase);
    SteadyRule.Decision decision;
    do {
      Thread.sleep(windowSeconds * 1000L);
      Window window = phase.nextWindow(false);
      long now = System.nanoTime();
      double seconds = (now - window.startNanos()) / 1e9;
      double jitNow = jit(phase);
      SteadyRule.Sample sample =
          new SteadyRule.Sample(window.counted() / seconds, (jitNow - jitBefore) / seconds);
      jitBefore = jitNow;
      samples.add(sample);
      double elapsed = (now - start) / 1e9;
      decision = rule.decide(elapsed, samples);
      progress.phase(
          String.format(
              Locale.ROOT,
              "warming %.0f s: %,.0f %s%s, JIT %.2f cores%s",
              elapsed,
              sample.rate(),
              phase.workload().unit(),
              samples.size() > 1
                  ? String.format(
                      Locale.ROOT, " (before: %,.0f)", samples.get(samples.size() - 2).rate())
                  : "",
              sample.jitCores(),
              window.ko() > 0 ? ", " + window.ko() + " KO" : ""));
    } while (decision == SteadyRule.Decision.CONTINUE);
    double took = (System.nanoTime() - start) / 1e9;
    progress.warmupTook(took);
    if (decision == SteadyRule.Decision.GIVE_UP) {
      progress.phase("not steady after " + config.warmupMaxSeconds() + " s: measuring anyway");
    }
    Map<String, Object> warmup = new LinkedHashMap<>();
    warmup.put("seconds", round(took));
    warmup.put("windowSeconds", windowSeconds);
    warmup.put("steady", decision == SteadyRule.Decision.STEADY);
    warmup.put("rates", samples.stream().map(s -> round(s.rate())).toList());
    warmup.put("jitCores", samples.stream().map(s -> round(s.jitCores())).toList());
    return warmup;
  }

  /** JIT compiler CPU of the phase's target and of this JVM (the load generator warms too). */
  private double jit(Phase phase) {
    return ProcCpu.jit(phase.target().pid()) + ProcCpu.jit(self);
  }

  /**
   * The big slot (the phase before it warmed the engine on other slots): a window of {@code
   * bigWindow} bookings starting at booking {@code bigSkip} (the empty slot), then filling on to
   * {@code bigHeld}, then a window of {@code bigWindow} bookings from there (the slot holding that
   * many). Rates are counted bookings over the time between two readings, each taken as the count
   * crosses its mark (polled every 10 ms).
   */
  private Map<String, Object> runBig(Phase phase, BigSlot big) throws InterruptedException {
    long[] marks = {
      config.bigSkip(),
      config.bigSkip() + config.bigWindow(),
      config.bigHeld(),
      config.bigHeld() + config.bigWindow()
    };
    long[] counts = new long[4];
    CpuSample[] cpu = new CpuSample[4];
    Window[] windows = new Window[4];
    long start = System.nanoTime();
    long lastReport = start;
    long lastCount = 0;
    int reached = 0;
    phase.nextWindow(false);
    progress.phase(
        String.format(Locale.ROOT, "filling %s to %,d bookings", big.bigSlot(), marks[3]));
    while (reached < 4 && (System.nanoTime() - start) / 1e9 < config.bigMaxSeconds()) {
      Thread.sleep(10);
      long n = phase.counted();
      while (reached < 4 && n >= marks[reached]) {
        cpu[reached] = CpuSample.take(config);
        counts[reached] = n;
        // The windows from mark 0 to 1 and from 2 to 3 keep response times.
        windows[reached] = phase.nextWindow(reached == 0 || reached == 2);
        reached++;
      }
      long now = System.nanoTime();
      if (now - lastReport >= 5_000_000_000L) {
        double rate = (n - lastCount) / ((now - lastReport) / 1e9);
        progress.phase(
            String.format(
                Locale.ROOT,
                "%,d of %,d bookings, %,.0f/s, about %.0f s to go",
                n,
                marks[3],
                rate,
                rate > 0 ? (marks[3] - n) / rate : Double.NaN));
        lastReport = now;
        lastCount = n;
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("bigSlot", big.bigSlot());
    result.put("smallSlot", big.smallSlot());
    result.put("firstSlot", big.firstSlot());
    result.put("complete", reached == 4);
    if (reached >= 2)
      result.put("empty", bigWindow(counts[0], counts[1], cpu[0], cpu[1], windows[1], phase));
    if (reached == 4)
      result.put("held", bigWindow(counts[2], counts[3], cpu[2], cpu[3], windows[3], phase));
    if (reached < 4)
      progress.phase(
          "WARNING: the big slot did not reach "
              + marks[3]
              + " bookings in "
              + config.bigMaxSeconds()
              + " s");
    return result;
  }

  private Map<String, Object> bigWindow(
      long from, long to, CpuSample start, CpuSample end, Window window, Phase phase) {
    double seconds = (end.nanos() - start.nanos()) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("fromBooking", from);
    result.put("toBooking", to);
    result.put("seconds", round(seconds));
    result.put("rate", round((to - from) / seconds));
    result.put("counted", to - from);
    result.put("p50Ms", window.percentile(50));
    result.put("p99Ms", window.percentile(99));
    result.put("ko", window.ko());
    result.put("outcomes", window.outcomes());
    result.put("cpu", end.since(start));
    progress.phase(
        String.format(
            Locale.ROOT,
            "bookings %,d to %,d: %,.0f/s, p99 %d ms",
            from,
            to,
            (to - from) / seconds,
            window.percentile(99)));
    return result;
  }

  private Map<String, Object> recordJfr(Phase phase) throws InterruptedException, IOException {
    String file = config.jfrFile().orElseThrow();
    progress.phase(
        "profiling the engine with JFR for " + config.jfrSeconds() + " s (no measurement follows)");
    Process jcmd =
        new ProcessBuilder(
                "jcmd",
                Long.toString(phase.target().pid()),
                "JFR.start",
                "name=bench",
                "settings=profile",
                "duration=" + config.jfrSeconds() + "s",
                "filename=" + file)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean started = jcmd.waitFor(30, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
    if (!started) jcmd.destroyForcibly();
    Thread.sleep((config.jfrSeconds() + 1) * 1000L);
    for (int i = 0; i < 50 && started && !Files.exists(Path.of(file)); i++) Thread.sleep(200);
    return Map.of("file", file, "written", Files.exists(Path.of(file)));
  }

  /** Seconds until every user has left the phase (at most 20: a request times out after 10). */
  private double awaitUsers(Phase phase) throws InterruptedException {
    long start = System.nanoTime();
    while (phase.usersDone() < config.users() && (System.nanoTime() - start) / 1e9 < 20)
      Thread.sleep(20);
    return round((System.nanoTime() - start) / 1e9);
  }

  private static Map<String, Object> summary(Window window, double seconds) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("seconds", round(seconds));
    summary.put("counted", window.counted());
    summary.put("rate", round(window.counted() / seconds));
    summary.put("ok", window.ok());
    summary.put("ko", window.ko());
    summary.put("p50Ms", window.percentile(50));
    summary.put("p95Ms", window.percentile(95));
    summary.put("p99Ms", window.percentile(99));
    summary.put("maxMs", window.percentile(100));
    summary.put("outcomes", window.outcomes());
    return summary;
  }

  private static String perOperation(Object cpuSeconds, long operations) {
    if (!(cpuSeconds instanceof Double seconds) || operations == 0) return "n/a";
    return String.format(Locale.ROOT, "%.0f", seconds * 1e6 / operations);
  }

  private void write(Phase phase, Map<String, Object> result) throws IOException {
    Path file = Path.of(config.resultDir(), phase.name() + ".json");
    Files.createDirectories(file.getParent());
    mapper.writeValue(file.toFile(), result);
  }

  private static Double round(double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? null
        : Math.round(value * 1000) / 1000.0;
  }
}
