package com.reservation.engine.journal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What the group-commit writer records: rows per flush (how well writes share round trips), the
 * flush statement's duration, and each write's latency from hand-over to commit (what a slot waits
 * for, queueing included). Recorded once per flush and once per write, never per row. Fixed
 * buckets, so the series are few and aggregate across nodes.
 */
record JournalMetrics(DistributionSummary flushRows, Timer flushDuration, Timer writeLatency) {
  private static final double[] ROW_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  static JournalMetrics in(MeterRegistry registry) {
    return new JournalMetrics(
        DistributionSummary.builder("reservation.journal.flush.rows")
            .description(
                "Journal rows (events) written by one group-commit flush: one statement, one round trip.")
            .serviceLevelObjectives(ROW_BUCKETS)
            .register(registry),
        Timer.builder("reservation.journal.flush.duration")
            .description("Time one group-commit flush takes: the insert statement and its commit.")
            .serviceLevelObjectives(latencyBuckets())
            .register(registry),
        Timer.builder("reservation.journal.write.duration")
            .description(
                "Time from a write's hand-over to the journal until its rows are committed (or failed).")
            .serviceLevelObjectives(latencyBuckets())
            .register(registry));
  }

  /**
   * Half a millisecond (a flush on an idle local database) up to the point an entity's persist
   * times out.
   */
  static Duration[] latencyBuckets() {
    return new Duration[] {
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
      Duration.ofSeconds(5), Duration.ofSeconds(10)
    };
  }
}
