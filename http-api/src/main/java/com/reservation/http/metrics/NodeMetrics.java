package com.reservation.http.metrics;

import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import com.reservation.engine.metrics.ClusterMetrics;
import com.reservation.engine.metrics.EngineMetrics;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A node's Prometheus registry and what it carries besides the HTTP metrics: the engine's meters
 * (journal, its pool), the JVM (heap, GC, threads, classes, CPU, uptime), the node's connection
 * pool, and its share of the cluster. {@link #scrape()} renders them all in the Prometheus text
 * format for {@code GET /metrics}.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry;

  private NodeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Creates the registry and binds everything to it. {@code refresh} paces the shard-state poll.
   * The JVM's GC listener and the poll end when the system terminates.
   */
  public static NodeMetrics start(ActorSystem<?> system, DataSource pool, Duration refresh) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EngineMetrics.get(system).registry().add(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // A pool made by someone else (a test's) may already report elsewhere: Hikari takes a tracker
    // only once.
    if (pool instanceof HikariDataSource hikari && hikari.getMetricsTrackerFactory() == null) {
      hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
    Cancellable poll = ClusterMetrics.start(system, registry, refresh);
    system
        .getWhenTerminated()
        .thenRun(
            () -> {
              poll.cancel();
              gc.close();
              registry.close();
            });
    return new NodeMetrics(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Every metric of the node in the Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }
}
