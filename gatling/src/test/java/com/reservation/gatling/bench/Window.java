package com.reservation.gatling.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The answers received in one stretch of time: counted operations (what the workload's rate
 * counts), OK and KO answers, outcomes by status and problem type, and (for measured windows) a 1
 * ms histogram of the response times of the OK answers. Written by Gatling's I/O threads as answers
 * arrive; read by the controller once it has moved on to the next window.
 */
public final class Window {
  private static final int MAX_MS = 60_000;

  private final long startNanos = System.nanoTime();
  private final LongAdder counted = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder ko = new LongAdder();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final AtomicLongArray histogram;

  /**
   * @param measured whether to keep the response-time histogram
   */
  public Window(boolean measured) {
    this.histogram = measured ? new AtomicLongArray(MAX_MS + 1) : null;
  }

  public void record(int status, String problem, long millis, Verdict verdict) {
    switch (verdict) {
      case COUNTED -> {
        counted.increment();
        ok.increment();
      }
      case OK -> ok.increment();
      case KO -> ko.increment();
    }
    if (histogram != null && verdict != Verdict.KO)
      histogram.incrementAndGet((int) Math.min(MAX_MS, Math.max(0, millis)));
    outcomes
        .computeIfAbsent(
            problem == null ? Integer.toString(status) : status + " " + problem,
            k -> new LongAdder())
        .increment();
  }

  public long startNanos() {
    return startNanos;
  }

  public long counted() {
    return counted.sum();
  }

  public long ok() {
    return ok.sum();
  }

  public long ko() {
    return ko.sum();
  }

  public Map<String, Long> outcomes() {
    Map<String, Long> sorted = new TreeMap<>();
    outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted;
  }

  /**
   * The response time (ms) below which {@code percent} of the OK answers fall; -1 without any or
   * when not kept.
   */
  public long percentile(double percent) {
    if (histogram == null) return -1;
    long total = 0;
    for (int ms = 0; ms <= MAX_MS; ms++) total += histogram.get(ms);
    if (total == 0) return -1;
    long rank = Math.max(1, (long) Math.ceil(total * percent / 100.0));
    long seen = 0;
    for (int ms = 0; ms <= MAX_MS; ms++) {
      seen += histogram.get(ms);
      if (seen >= rank) return ms;
    }
    return MAX_MS;
  }
}
