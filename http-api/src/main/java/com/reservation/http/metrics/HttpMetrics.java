package com.reservation.http.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

/**
 * The HTTP front end's metrics. Label values are fixed vocabularies: booking results are {@code
 * created}, {@code replayed} or a problem code; routes are templates such as {@code
 * /slots/{slotId}/bookings}; statuses are classes ({@code 2xx}..{@code 5xx}).
 *
 * <p>Every request records one latency: its {@link Timer} is looked up in a cache keyed by the
 * route template and method (both strings from fixed sets, whose hash codes the JVM caches) and
 * indexed by status class, so the hot path builds no tag list and no string; Micrometer's own
 * lookup (which allocates its meter id) runs once per series.
 */
public final class HttpMetrics {
  /** Seconds: from a cached rejection (well under a millisecond) to the ask timeout. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
        Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
    Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  private final MeterRegistry registry;
  private final AtomicInteger httpInFlight = new AtomicInteger();
  private final Counter admissionRejections;
  private final ConcurrentHashMap<String, Counter> bookings = new ConcurrentHashMap<>();

  /** Route template, then method, then status class: the request timers made so far. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, AtomicReferenceArray<Timer>>>
      timers = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry, IntSupplier slotRequestsInFlight) {
    this.registry = registry;
    Gauge.builder("reservation.http.in.flight", httpInFlight, AtomicInteger::get)
        .description("HTTP requests being served now.")
        .register(registry);
    Gauge.builder(
            "reservation.slot.requests.in.flight", slotRequestsInFlight, IntSupplier::getAsInt)
        .description(
            "Slot requests (book, cancel, slot and booking lookups, slot changes) admitted and not yet answered.")
        .strongReference(true)
        .register(registry);
    admissionRejections =
        Counter.builder("reservation.admission.rejections")
            .description(
                "Slot requests refused at once (503 overloaded) because the node's in-flight bound was reached.")
            .register(registry);
  }

  public void booking(String result) {
    Counter counter = bookings.get(result);
    if (counter == null) {
      counter =
          bookings.computeIfAbsent(
              result,
              r ->
                  Counter.builder("reservation.bookings")
                      .description(
                          "Booking requests by outcome: created, replayed (idempotent retry) or the problem code.")
                      .tag("result", r)
                      .register(registry));
    }
    counter.increment();
  }

  public void requestStarted() {
    httpInFlight.incrementAndGet();
  }

  /**
   * {@code method} and {@code route} must come from fixed sets (a method constant, a route
   * template).
   */
  public void requestFinished(String method, String route, int status, long nanos) {
    httpInFlight.decrementAndGet();
    int statusClass = Math.min(Math.max(status / 100, 1), 5) - 1;
    AtomicReferenceArray<Timer> byStatus = byStatus(method, route);
    Timer timer = byStatus.get(statusClass);
    if (timer == null) {
      // Two threads racing here both register: the registry answers both with the same Timer.
      timer =
          Timer.builder("reservation.http.request.duration")
              .description("HTTP request latency by route template and status class.")
              .tags("method", method, "route", route, "status", STATUS_CLASSES[statusClass])
              .serviceLevelObjectives(LATENCY_BUCKETS)
              .register(registry);
      byStatus.set(statusClass, timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private AtomicReferenceArray<Timer> byStatus(String method, String route) {
    ConcurrentHashMap<String, AtomicReferenceArray<Timer>> byMethod = timers.get(route);
    if (byMethod == null) byMethod = timers.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
    AtomicReferenceArray<Timer> byStatus = byMethod.get(method);
    if (byStatus == null) {
      byStatus =
          byMethod.computeIfAbsent(method, m -> new AtomicReferenceArray<>(STATUS_CLASSES.length));
    }
    return byStatus;
  }

  public void admissionRejected() {
    admissionRejections.increment();
  }

  /** The registry these metrics are in, for other parts of the front end to add theirs. */
  public MeterRegistry registry() {
    return registry;
  }
}
