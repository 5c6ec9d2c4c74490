package com.reservation.gatling.bench;

import com.reservation.gatling.support.Settings;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What {@code bench.sh} hands the {@link com.reservation.gatling.Bench} simulation, as system
 * properties. Durations are seconds. A pid of 0 means "not known": its CPU is then reported as
 * missing, never as zero.
 *
 * @param engineUrl the engine node ({@code -DengineUrl})
 * @param baselineUrl the lock-naive rival, the first baseline ({@code -DbaselineUrl}); empty: not
 *     measured
 * @param bestUrl the lock-best rival ({@code -DbestUrl}); empty: not measured
 * @param redisAlwaysUrl the redis rival on a server with {@code appendfsync always} ({@code
 *     -DredisAlwaysUrl}); empty: not measured
 * @param redisEverysecUrl the same on a server with {@code appendfsync everysec}; empty: not
 *     measured
 * @param everysecWorkloads the workloads that also run against redis-everysec (where durability
 *     matters: booking workloads)
 * @param poolSweep the pool sizes lock-best tries during its warm-up (empty: none)
 * @param sweepSeconds how long each pool size is measured in the sweep
 * @param rivalWindowSeconds warm-up windows of a rival once the rivals' JVM has warmed in an
 *     earlier phase
 * @param rivalWarmupMinSeconds and the least warm-up of such a phase
 * @param workloads in the order they run ({@code -Dworkloads}, space or comma separated)
 * @param users concurrent clients of every phase (closed model)
 * @param windowSeconds length of one warm-up window
 * @param warmupMinSeconds a phase is measured no sooner than this
 * @param warmupMaxSeconds and no later than this, steady or not
 * @param steadyTolerance two consecutive windows agree when they differ by at most this fraction
 *     (0.10)
 * @param jitLimitCores and the JIT compiler threads of the target and of this JVM used at most this
 *     many cores
 * @param measureSeconds the measured window
 * @param settleSeconds the longest wait for the servers to go idle before a phase
 * @param dbUrl JDBC URL of the shared PostgreSQL, for a CHECKPOINT before each phase; empty: none
 * @param jfrFile where to write a JFR recording of the engine right after its measured hot-slot
 *     window; empty: none
 */
public record BenchConfig(
    String engineUrl,
    Optional<String> baselineUrl,
    Optional<String> bestUrl,
    Optional<String> redisAlwaysUrl,
    Optional<String> redisEverysecUrl,
    List<String> everysecWorkloads,
    List<Integer> poolSweep,
    int sweepSeconds,
    int rivalWindowSeconds,
    int rivalWarmupMinSeconds,
    int citizenDays,
    int citizenCapacity,
    Optional<String> adminToken,
    long seed,
    String namespace,
    LocalDate startDate,
    List<String> workloads,
    int users,
    int windowSeconds,
    int warmupMinSeconds,
    int warmupMaxSeconds,
    double steadyTolerance,
    double jitLimitCores,
    int measureSeconds,
    int settleSeconds,
    int hotCapacity,
    long enginePid,
    long baselinePid,
    long postgresPid,
    long redisAlwaysPid,
    long redisEverysecPid,
    Optional<String> dbUrl,
    String resultDir,
    Optional<String> jfrFile,
    int jfrSeconds,
    int bigHeld,
    int bigWindow,
    int bigSkip,
    int bigMaxSeconds) {

  public static final List<String> WORKLOADS =
      List.of(
          "ceiling",
          "hot-slot",
          "hot-slot-limit",
          "spread",
          "citizen",
          "full-slot",
          "calendar",
          "big-slot");

  /** The workloads the rivals run too (the others are the engine's alone). */
  public static final List<String> COMPARED =
      List.of("hot-slot", "spread", "citizen", "full-slot", "calendar");

  /**
   * The rivals that run a workload, in order: lock-naive, lock-best, redis-always (not the
   * calendar: the redis rival keeps no per-day aggregate), redis-everysec (only in {@code
   * everysecWorkloads}); each only when it is given.
   */
  public List<String> rivalsOf(String workload) {
    if (!COMPARED.contains(workload)) return List.of();
    List<String> rivals = new java.util.ArrayList<>();
    if (baselineUrl.isPresent()) rivals.add("lock-naive");
    if (bestUrl.isPresent()) rivals.add("lock-best");
    if (redisAlwaysUrl.isPresent() && !workload.equals("calendar")) rivals.add("redis-always");
    if (redisEverysecUrl.isPresent()
        && !workload.equals("calendar")
        && everysecWorkloads.contains(workload)) rivals.add("redis-everysec");
    return rivals;
  }

  public BenchConfig {
    for (String workload : workloads) {
      if (!WORKLOADS.contains(workload)) {
        throw new IllegalArgumentException(
            "unknown workload " + workload + "; known: " + WORKLOADS);
      }
    }
    if (rivalWarmupMinSeconds > warmupMaxSeconds) {
      throw new IllegalArgumentException("rivalWarmupMin must be at most warmupMax");
    }
    if (warmupMaxSeconds < warmupMinSeconds) {
      throw new IllegalArgumentException("warmupMax must be at least warmupMin");
    }
    if (bigSkip + bigWindow > bigHeld || bigHeld + bigWindow > 100_000) {
      throw new IllegalArgumentException(
          "big-slot windows must fit: skip + window <= held, held + window <= 100,000");
    }
  }

  public static BenchConfig fromSystemProperties() {
    return new BenchConfig(
        stripSlash(text("engineUrl").orElse("http://127.0.0.1:8080")),
        text("baselineUrl").map(BenchConfig::stripSlash),
        text("bestUrl").map(BenchConfig::stripSlash),
        text("redisAlwaysUrl").map(BenchConfig::stripSlash),
        text("redisEverysecUrl").map(BenchConfig::stripSlash),
        words(text("everysecWorkloads").orElse("hot-slot citizen")),
        words(text("poolSweep").orElse("4 8 16 32")).stream().map(Integer::valueOf).toList(),
        Settings.intValue("sweepSeconds", 4),
        Settings.intValue("rivalWindow", 5),
        Settings.intValue("rivalWarmupMin", 10),
        Settings.intValue("citizenDays", 30),
        Settings.intValue("citizenCapacity", 5_000),
        Settings.adminToken(),
        Settings.seed(),
        Settings.namespace(),
        Settings.startDate(),
        words(
            text("workloads")
                .orElse("ceiling hot-slot hot-slot-limit spread citizen full-slot calendar")),
        Settings.intValue("users", 64),
        Settings.intValue("window", 10),
        Settings.intValue("warmupMin", 20),
        Settings.intValue("warmupMax", 90),
        Settings.doubleValue("steadyPercent", 10) / 100.0,
        Settings.doubleValue("jitLimit", 0.10),
        Settings.intValue("duration", 20),
        Settings.intValue("settle", 15),
        Settings.intValue("hotCapacity", 100_000),
        Settings.intValue("enginePid", 0),
        Settings.intValue("baselinePid", 0),
        Settings.intValue("postgresPid", 0),
        Settings.intValue("redisAlwaysPid", 0),
        Settings.intValue("redisEverysecPid", 0),
        text("dbUrl"),
        text("resultDir").orElse("target/bench/results"),
        text("jfrFile"),
        Settings.intValue("jfrSeconds", 10),
        Settings.intValue("bigHeld", 90_000),
        Settings.intValue("bigWindow", 8_000),
        Settings.intValue("bigSkip", 1_000),
        Settings.intValue("bigMaxSeconds", 900));
  }

  /** Space- or comma-separated words. */
  static List<String> words(String text) {
    return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
  }

  private static Optional<String> text(String name) {
    return Optional.ofNullable(System.getProperty(name))
        .map(String::trim)
        .filter(s -> !s.isEmpty());
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
