package com.reservation.gatling.support;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The measured phase of a workload, counted the same way for every target: OK and KO answers, a 1
 * ms histogram of the OK response times (Gatling's own measurement, read through a check), outcomes
 * by status and problem type, and the wall time from the first measured request to the last answer.
 * Gatling's HTML report covers the whole run, warm-up included; this is what {@code bench.sh}
 * compares. Written as JSON to {@code -DresultFile} when that is set.
 */
public final class Recorder {
  private static final int MAX_MS = 60_000;
  private static final String RESPONSE_TIME = "responseTimeMs";

  private final String workload;
  private final AtomicLongArray histogram = new AtomicLongArray(MAX_MS + 1);
  private final LongAdder ok = new LongAdder();
  private final LongAdder ko = new LongAdder();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

  public Recorder(String workload) {
    this.workload = workload;
  }

  /** {@code request}, measured when {@code measured} (the warm-up is not). */
  public ChainBuilder timed(HttpRequestActionBuilder request, boolean measured) {
    if (!measured) return exec(request);
    return exec(session -> {
          firstStart.accumulateAndGet(System.nanoTime(), Math::min);
          return session.remove(RESPONSE_TIME).markAsSucceeded();
        })
        .exec(request.check(responseTimeInMillis().saveAs(RESPONSE_TIME)))
        .exec(this::record);
  }

  private Session record(Session session) {
    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
    if (session.isFailed() || !session.contains(RESPONSE_TIME)) {
      ko.increment();
    } else {
      ok.increment();
      histogram.incrementAndGet(Math.min(MAX_MS, Math.max(0, session.getInt(RESPONSE_TIME))));
    }
    String outcome = session.contains("status") ? String.valueOf(session.getInt("status")) : "none";
    if (session.contains("problem")) outcome += " " + session.getString("problem");
    if (session.isFailed()) outcome += " KO";
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    return session.markAsSucceeded();
  }

  public long okCount() {
    return ok.sum();
  }

  /**
   * The response time (ms) below which {@code percent} of the OK answers fall; -1 without answers.
   */
  public long percentile(double percent) {
    long total = ok.sum();
    if (total == 0) return -1;
    long rank = (long) Math.ceil(total * percent / 100.0);
    long seen = 0;
    for (int ms = 0; ms <= MAX_MS; ms++) {
      seen += histogram.get(ms);
      if (seen >= rank) return ms;
    }
    return MAX_MS;
  }

  public double seconds() {
    long start = firstStart.get();
    long end = lastEnd.get();
    return end > start ? (end - start) / 1e9 : 0;
  }

  public Map<String, Object> summary() {
    double seconds = seconds();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("workload", workload);
    summary.put("ok", ok.sum());
    summary.put("ko", ko.sum());
    summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
    summary.put("okPerSecond", seconds > 0 ? Math.round(ok.sum() / seconds * 10) / 10.0 : 0);
    summary.put("p50Ms", percentile(50));
    summary.put("p95Ms", percentile(95));
    summary.put("p99Ms", percentile(99));
    summary.put("maxMs", percentile(100));
    Map<String, Long> byOutcome = new TreeMap<>();
    outcomes.forEach((k, v) -> byOutcome.put(k, v.sum()));
    summary.put("outcomes", byOutcome);
    return summary;
  }

  /**
   * Prints the summary and writes it to {@code -DresultFile} when set; call from the simulation's
   * {@code after()}.
   */
  public void report() {
    Map<String, Object> summary = summary();
    System.out.println("RECORDED " + summary);
    String file = System.getProperty("resultFile");
    if (file == null || file.isBlank()) return;
    try {
      Path path = Path.of(file);
      if (path.getParent() != null) Files.createDirectories(path.getParent());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(path.toFile(), summary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
