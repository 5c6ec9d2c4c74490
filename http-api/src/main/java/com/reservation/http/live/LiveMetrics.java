package com.reservation.http.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The availability stream's metrics: open streams, refused and dropped viewers, watched venue-days.
 */
final class LiveMetrics {
  private final AtomicInteger open = new AtomicInteger();
  private final Counter refused;
  private final Counter dropped;
  private volatile IntSupplier hubs = () -> 0;

  LiveMetrics(MeterRegistry registry) {
    Gauge.builder("reservation.availability.streams", open, AtomicInteger::get)
        .description("Availability streams open on this node.")
        .register(registry);
    Gauge.builder("reservation.availability.days.watched", this, m -> m.hubs.getAsInt())
        .description("Venue-days with viewers on this node (one subscription each).")
        .strongReference(true)
        .register(registry);
    refused =
        Counter.builder("reservation.availability.streams.refused")
            .description(
                "Availability streams refused (503 overloaded) because the node's bound on open streams was reached.")
            .register(registry);
    dropped =
        Counter.builder("reservation.availability.viewers.dropped")
            .description(
                "Viewers disconnected because they fell too far behind (their buffer was full).")
            .register(registry);
  }

  AtomicInteger open() {
    return open;
  }

  void refused() {
    refused.increment();
  }

  void viewerDropped() {
    dropped.increment();
  }

  void hubs(IntSupplier count) {
    this.hubs = count;
  }
}
