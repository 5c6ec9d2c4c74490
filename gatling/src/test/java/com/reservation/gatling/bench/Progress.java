package com.reservation.gatling.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Progress lines on stderr (the terminal of whoever runs {@code bench.sh}; also copied to stdout,
 * the Gatling log): which phase runs, what it sees, and how long the run should still take, as an
 * estimate from the warm-ups so far and as an upper bound from the configured maxima.
 */
final class Progress {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

  /** Typical seconds to settle and to drain a phase, for the estimate. */
  private static final int OVERHEAD = 4;

  private final BenchConfig config;
  private final List<Phase> plan;
  private final List<Double> warmups = new ArrayList<>();
  private long phaseStart = System.nanoTime();
  private int current;

  Progress(BenchConfig config, List<Phase> plan) {
    this.config = config;
    this.plan = plan;
  }

  void phaseStarted(int index) {
    current = index;
    phaseStart = System.nanoTime();
  }

  void warmupTook(double seconds) {
    warmups.add(seconds);
  }

  /** A line about the current phase, with the time left. */
  void phase(String text) {
    Phase phase = plan.get(current);
    say(
        String.format(
            Locale.ROOT,
            "[%d/%d %s] %s; %s",
            current + 1,
            plan.size(),
            phase.name(),
            text,
            left()));
  }

  void say(String text) {
    String line = LocalTime.now().format(TIME) + " [bench] " + text;
    System.err.println(line);
    System.out.println("PROGRESS " + line);
  }

  private String left() {
    double elapsed = (System.nanoTime() - phaseStart) / 1e9;
    double expected = Math.max(0, expected(plan.get(current)) - elapsed);
    double most = Math.max(0, most(plan.get(current)) - elapsed);
    for (int i = current + 1; i < plan.size(); i++) {
      expected += expected(plan.get(i));
      most += most(plan.get(i));
    }
    return "about " + minutes(expected) + " left in Gatling (at most " + minutes(most) + ")";
  }

  private double expected(Phase phase) {
    if (phase.workload() instanceof BigSlot) return 150;
    if (Controller.profiles(config, phase))
      return OVERHEAD + config.warmupMinSeconds() + jfr(phase);
    double warmup =
        warmups.isEmpty()
            ? config.warmupMinSeconds() + config.windowSeconds()
            : warmups.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return OVERHEAD + warmup + config.measureSeconds() + jfr(phase);
  }

  private double most(Phase phase) {
    if (phase.workload() instanceof BigSlot) return config.bigMaxSeconds();
    return 2L * config.settleSeconds()
        + config.warmupMaxSeconds()
        + config.windowSeconds()
        + config.measureSeconds()
        + 20
        + jfr(phase);
  }

  private double jfr(Phase phase) {
    return Controller.profiles(config, phase) ? config.jfrSeconds() + 3 : 0;
  }

  private static String minutes(double seconds) {
    long s = Math.round(seconds);
    return s < 90 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }
}
