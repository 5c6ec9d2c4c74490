package com.reservation.http.metrics;

import akka.actor.typed.ActorSystem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauge of the events the availability projection has not processed yet. Its query reads the
 * journal, so it runs on a timer, not per scrape, and never two at once.
 */
public final class ProjectionLag {
  private static final Logger log = LoggerFactory.getLogger(ProjectionLag.class);

  private final AtomicLong events = new AtomicLong();

  /** Registers the gauge (reading 0 until set). */
  public ProjectionLag(MeterRegistry registry) {
    Gauge.builder("reservation.projection.lag.events", events, AtomicLong::get)
        .description(
            "Tagged events the availability projection has not processed yet (refreshed periodically).")
        .register(registry);
  }

  public void set(long lag) {
    events.set(lag);
  }

  /**
   * Refreshes the gauge from {@code query} now and then every {@code every}, until the system
   * terminates.
   */
  public void refresh(
      ActorSystem<?> system, Supplier<CompletionStage<Long>> query, Duration every) {
    AtomicBoolean running = new AtomicBoolean();
    system
        .scheduler()
        .scheduleAtFixedRate(
            Duration.ZERO,
            every,
            () -> {
              if (!running.compareAndSet(false, true)) return;
              query
                  .get()
                  .whenComplete(
                      (lag, failure) -> {
                        running.set(false);
                        if (failure != null)
                          log.debug("Projection lag not refreshed: {}", failure.toString());
                        else set(lag);
                      });
            },
            system.executionContext());
  }
}
