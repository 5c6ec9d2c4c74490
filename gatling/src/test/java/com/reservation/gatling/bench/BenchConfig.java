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
 * @param baselineUrl the lock-based baseline ({@code -DbaselineUrl}); empty: the engine alone is
 *     measured
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
          "ceiling", "hot-slot", "hot-slot-limit", "spread", "full-slot", "calendar", "big-slot");

  public BenchConfig {
    for (String workload : workloads) {
      if (!WORKLOADS.contains(workload)) {
        throw new IllegalArgumentException(
            "unknown workload " + workload + "; known: " + WORKLOADS);
      }
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
        Settings.adminToken(),
        Settings.seed(),
        Settings.namespace(),
        Settings.startDate(),
        Arrays.stream(
                text("workloads")
                    .orElse("ceiling hot-slot hot-slot-limit spread full-slot calendar")
                    .split("[\\s,]+"))
            .filter(s -> !s.isEmpty())
            .toList(),
        Settings.intValue("users", 64),
        Settings.intValue("window", 10),
        Settings.intValue("warmupMin", 20),
        Settings.intValue("warmupMax", 90),
        Settings.doubleValue("steadyPercent", 10) / 100.0,
        Settings.doubleValue("jitLimit", 0.10),
        Settings.intValue("duration", 30),
        Settings.intValue("settle", 15),
        Settings.intValue("hotCapacity", 100_000),
        Settings.intValue("enginePid", 0),
        Settings.intValue("baselinePid", 0),
        Settings.intValue("postgresPid", 0),
        text("dbUrl"),
        text("resultDir").orElse("target/bench/results"),
        text("jfrFile"),
        Settings.intValue("jfrSeconds", 10),
        Settings.intValue("bigHeld", 90_000),
        Settings.intValue("bigWindow", 8_000),
        Settings.intValue("bigSkip", 1_000),
        Settings.intValue("bigMaxSeconds", 900));
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
