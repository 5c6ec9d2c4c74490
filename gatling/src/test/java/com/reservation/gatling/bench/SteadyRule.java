package com.reservation.gatling.bench;

import java.util.List;

/**
 * When a warm-up may stop: after at least {@code minSeconds}, once two consecutive windows agree on
 * the rate within {@code tolerance} (relative to the larger) and, in the last one, the JIT compiler
 * threads of the target and of the load generator together used at most {@code jitLimitCores}; at
 * {@code maxSeconds} in any case. The JIT condition is what the rate alone misses on two cores: a
 * JVM whose compiler still competes for the CPU can hold a plateau for two windows and then climb
 * again.
 */
public record SteadyRule(int minSeconds, int maxSeconds, double tolerance, double jitLimitCores) {

  /**
   * One warm-up window: its rate and the cores the JIT compilers used in it (NaN: unknown, then not
   * a condition).
   */
  public record Sample(double rate, double jitCores) {}

  public enum Decision {
    CONTINUE,
    STEADY,
    GIVE_UP
  }

  public Decision decide(double elapsedSeconds, List<Sample> samples) {
    if (samples.size() >= 2 && elapsedSeconds >= minSeconds) {
      Sample last = samples.get(samples.size() - 1);
      Sample before = samples.get(samples.size() - 2);
      boolean agree = agree(before.rate(), last.rate());
      boolean compiled = Double.isNaN(last.jitCores()) || last.jitCores() <= jitLimitCores;
      if (agree && compiled) return Decision.STEADY;
    }
    return elapsedSeconds >= maxSeconds ? Decision.GIVE_UP : Decision.CONTINUE;
  }

  boolean agree(double a, double b) {
    double larger = Math.max(a, b);
    return larger > 0 && Math.abs(a - b) <= tolerance * larger;
  }
}
