package com.reservation.http.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MetricRegistryTest {

  @Test
  void rendersThePrometheusTextFormat() {
    MetricRegistry registry = new MetricRegistry();
    MetricRegistry.Counter counter = registry.counter("things_total", "Things.", "kind");
    counter.inc("a");
    counter.inc("a");
    counter.inc("b\"q");
    registry.gauge("level", "A level.", () -> 2.5);
    MetricRegistry.Histogram histogram = registry.histogram("latency_seconds", "Latency.", new double[] {0.001, 0.5}, "route");
    histogram.observe(0.0005, "/x");
    histogram.observe(0.2, "/x");
    histogram.observe(3, "/x");

    String text = registry.render();
    assertTrue(text.contains("# HELP things_total Things.\n# TYPE things_total counter\n"), text);
    assertTrue(text.contains("things_total{kind=\"a\"} 2\n"), text);
    assertTrue(text.contains("things_total{kind=\"b\\\"q\"} 1\n"), "label values are escaped");
    assertTrue(text.contains("# TYPE level gauge\nlevel 2.5\n"), text);
    assertTrue(text.contains("latency_seconds_bucket{route=\"/x\",le=\"0.001\"} 1\n"), text);
    assertTrue(text.contains("latency_seconds_bucket{route=\"/x\",le=\"0.5\"} 2\n"), "buckets are cumulative");
    assertTrue(text.contains("latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"), text);
    assertTrue(text.contains("latency_seconds_sum{route=\"/x\"} 3.2005\n"), text);
    assertTrue(text.contains("latency_seconds_count{route=\"/x\"} 3\n"), text);
    assertEquals(3, histogram.count("/x"));
    assertThrows(IllegalArgumentException.class, () -> counter.inc("a", "b"));
  }

  @Test
  void httpMetricsCountByStatusClass() {
    HttpMetrics metrics = new HttpMetrics(() -> 7);
    metrics.requestStarted();
    metrics.requestFinished("POST", "/slots/{slotId}/bookings", 409, 2_000_000);
    metrics.booking("slot-full");
    metrics.admissionRejected();
    metrics.projectionLag(12);
    String text = metrics.render();
    assertTrue(text.contains("reservation_http_request_duration_seconds_count{method=\"POST\",route=\"/slots/{slotId}/bookings\",status=\"4xx\"} 1"), text);
    assertTrue(text.contains("reservation_bookings_total{result=\"slot-full\"} 1"));
    assertTrue(text.contains("reservation_http_in_flight 0"));
    assertTrue(text.contains("reservation_slot_requests_in_flight 7"));
    assertTrue(text.contains("reservation_admission_rejections_total 1"));
    assertTrue(text.contains("reservation_projection_lag_events 12"));
  }
}
