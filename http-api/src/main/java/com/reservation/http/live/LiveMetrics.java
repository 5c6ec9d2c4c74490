package com.reservation.http.live;

import com.reservation.http.metrics.MetricRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** The availability stream's metrics: open streams, refused and dropped viewers, watched venue-days. */
final class LiveMetrics {
  private final AtomicInteger open = new AtomicInteger();
  private final MetricRegistry.Counter refused;
  private final MetricRegistry.Counter dropped;
  private volatile IntSupplier hubs = () -> 0;

  LiveMetrics(MetricRegistry registry) {
    registry.gauge("reservation_availability_streams", "Availability streams open on this node.", open::get);
    registry.gauge(
        "reservation_availability_days_watched", "Venue-days with viewers on this node (one subscription each).",
        () -> hubs.getAsInt());
    refused =
        registry.counter(
            "reservation_availability_streams_refused_total",
            "Availability streams refused (503 overloaded) because the node's bound on open streams was reached.");
    dropped =
        registry.counter(
            "reservation_availability_viewers_dropped_total",
            "Viewers disconnected because they fell too far behind (their buffer was full).");
  }

  AtomicInteger open() {
    return open;
  }

  void refused() {
    refused.inc();
  }

  void viewerDropped() {
    dropped.inc();
  }

  void hubs(IntSupplier count) {
    this.hubs = count;
  }
}
