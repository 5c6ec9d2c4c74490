package com.reservation.gatling.support;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.time.Duration;
import java.util.function.Function;

/**
 * Closed-model workloads: a fixed number of users, each repeating its attempt as fast as answers
 * come back.
 */
public final class Loops {
  /**
   * Prefix of the request names of the warm-up phase; reports and bench.sh leave those out of the
   * measurement.
   */
  public static final String WARMUP = "warmup ";

  private Loops() {}

  /**
   * Each user repeats {@code attempt} for {@code warmup} (requests named with the {@link #WARMUP}
   * prefix), then for {@code duration}. {@code attempt} receives the prefix for its request names.
   */
  public static ScenarioBuilder warmThenMeasure(
      String name, Duration warmup, Duration duration, Function<String, ChainBuilder> attempt) {
    ScenarioBuilder scenario = scenario(name);
    if (!warmup.isZero()) scenario = scenario.during(warmup).on(attempt.apply(WARMUP));
    return scenario.during(duration).on(attempt.apply(""));
  }
}
