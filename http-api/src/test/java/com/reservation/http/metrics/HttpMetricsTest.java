package com.reservation.http.metrics;

import static org.junit.jupiter.api.Assertions.*;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The names, labels and buckets dashboards and alerts rely on, as the Prometheus registry renders
 * them.
 */
class HttpMetricsTest {

  @Test
  void rendersTheNamesAndLabelsOperatorsQuery() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpMetrics metrics = new HttpMetrics(registry, () -> 7);
    metrics.requestStarted();
    metrics.requestFinished("POST", "/slots/{slotId}/bookings", 409, 2_000_000);
    metrics.requestStarted();
    metrics.requestFinished("POST", "/slots/{slotId}/bookings", 422, 30_000_000);
    metrics.requestStarted();
    metrics.requestFinished("POST", "/slots/{slotId}/bookings", 201, 1_000_000);
    metrics.booking("slot-full");
    metrics.booking("slot-full");
    metrics.booking("created");
    metrics.admissionRejected();

    String text = registry.scrape();
    String bookings = "method=\"POST\",route=\"/slots/{slotId}/bookings\"";
    assertTrue(
        text.contains(
            "reservation_http_request_duration_seconds_count{" + bookings + ",status=\"4xx\"} 2"),
        text);
    assertTrue(
        text.contains(
            "reservation_http_request_duration_seconds_count{" + bookings + ",status=\"2xx\"} 1"),
        text);
    assertTrue(
        text.contains(
            "reservation_http_request_duration_seconds_bucket{"
                + bookings
                + ",status=\"4xx\",le=\"0.005\"} 1"),
        "buckets are cumulative and fixed: " + text);
    assertTrue(
        text.contains(
            "reservation_http_request_duration_seconds_bucket{"
                + bookings
                + ",status=\"4xx\",le=\"+Inf\"} 2"),
        text);
    assertTrue(text.contains("reservation_bookings_total{result=\"slot-full\"} 2"), text);
    assertTrue(text.contains("reservation_bookings_total{result=\"created\"} 1"), text);
    assertTrue(text.contains("# TYPE reservation_http_in_flight gauge\n"), text);
    assertTrue(text.contains("reservation_http_in_flight 0"), text);
    assertTrue(text.contains("reservation_slot_requests_in_flight 7"), text);
    assertTrue(text.contains("reservation_admission_rejections_total 1"), text);
  }

  @Test
  void oneSeriesPerRouteMethodAndStatusClass() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpMetrics metrics = new HttpMetrics(registry, () -> 0);
    for (int status : new int[] {200, 201, 204, 400, 404, 409, 500, 503, 600, 99}) {
      metrics.requestStarted();
      metrics.requestFinished("GET", "/slots/{slotId}", status, 1_000);
    }
    assertEquals(
        4,
        registry.find("reservation.http.request.duration").timers().size(),
        "1xx, 2xx, 4xx and 5xx");
    assertEquals(
        3,
        registry.get("reservation.http.request.duration").tag("status", "5xx").timer().count(),
        "a status beyond 5xx counts as 5xx");
    assertEquals(
        1,
        registry.get("reservation.http.request.duration").tag("status", "1xx").timer().count(),
        "a status below 100 counts as 1xx");
  }
}
