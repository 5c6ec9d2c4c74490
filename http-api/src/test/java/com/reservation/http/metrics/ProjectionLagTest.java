package com.reservation.http.metrics;

import static org.junit.jupiter.api.Assertions.*;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The projection lag gauge under the name dashboards and alerts query. */
class ProjectionLagTest {

  @Test
  void rendersTheLagUnderItsName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ProjectionLag(registry).set(12);

    String text = registry.scrape();
    assertTrue(text.contains("reservation_projection_lag_events 12"), text);
  }
}
