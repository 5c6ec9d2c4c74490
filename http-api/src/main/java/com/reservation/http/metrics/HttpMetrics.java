package com.reservation.http.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The node's metrics as {@code GET /metrics} shows them. Label values are fixed vocabularies: booking results are
 * {@code created}, {@code replayed} or a problem code; routes are templates such as {@code /slots/{slotId}/bookings};
 * statuses are classes ({@code 2xx}..{@code 5xx}).
 */
public final class HttpMetrics {
  /** Seconds: from a cached rejection (well under a millisecond) to the ask timeout. */
  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final MetricRegistry registry = new MetricRegistry();
  private final AtomicInteger httpInFlight = new AtomicInteger();
  private final MetricRegistry.Counter bookings;
  private final MetricRegistry.Histogram requestDuration;
  private final MetricRegistry.Counter admissionRejections;
  private volatile long projectionLagEvents;

  public HttpMetrics(IntSupplier slotRequestsInFlight) {
    bookings =
        registry.counter(
            "reservation_bookings_total",
            "Booking requests by outcome: created, replayed (idempotent retry) or the problem code.",
            "result");
    requestDuration =
        registry.histogram(
            "reservation_http_request_duration_seconds",
            "HTTP request latency by route template and status class.",
            LATENCY_BUCKETS,
            "method",
            "route",
            "status");
    registry.gauge("reservation_http_in_flight", "HTTP requests being served now.", httpInFlight::get);
    registry.gauge(
        "reservation_slot_requests_in_flight",
        "Slot requests (book, cancel, slot and booking lookups, slot changes) admitted and not yet answered.",
        () -> slotRequestsInFlight.getAsInt());
    admissionRejections =
        registry.counter(
            "reservation_admission_rejections_total",
            "Slot requests refused at once (503 overloaded) because the node's in-flight bound was reached.");
    registry.gauge(
        "reservation_projection_lag_events",
        "Tagged events the availability projection has not processed yet (refreshed periodically).",
        () -> projectionLagEvents);
  }

  public void booking(String result) {
    bookings.inc(result);
  }

  public long bookings(String result) {
    return bookings.value(result);
  }

  public void requestStarted() {
    httpInFlight.incrementAndGet();
  }

  public void requestFinished(String method, String route, int status, long nanos) {
    httpInFlight.decrementAndGet();
    requestDuration.observe(nanos / 1e9, method, route, statusClass(status));
  }

  public void admissionRejected() {
    admissionRejections.inc();
  }

  public void projectionLag(long events) {
    projectionLagEvents = events;
  }

  /** The registry behind these metrics, for other parts of the node to add theirs (rendered with these). */
  public MetricRegistry registry() {
    return registry;
  }

  public String render() {
    return registry.render();
  }

  private static String statusClass(int status) {
    return switch (status / 100) {
      case 1 -> "1xx";
      case 2 -> "2xx";
      case 3 -> "3xx";
      case 4 -> "4xx";
      default -> "5xx";
    };
  }
}
