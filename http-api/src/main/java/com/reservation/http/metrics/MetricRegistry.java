package com.reservation.http.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * A small Prometheus registry: counters, gauges and fixed-bucket histograms rendered in the text exposition format
 * (0.0.4). Recording is a {@link LongAdder} increment, cheap enough for the booking hot path; all the work happens at
 * scrape time. Label values must come from small fixed sets (results, route templates, status classes): never ids or
 * personal data.
 */
public final class MetricRegistry {

  private final List<Family> families = new CopyOnWriteArrayList<>();

  private sealed interface Family permits Counter, Gauge, Histogram {
    void render(StringBuilder out);
  }

  public Counter counter(String name, String help, String... labelNames) {
    return register(new Counter(name, help, List.of(labelNames)));
  }

  public Gauge gauge(String name, String help, DoubleSupplier value) {
    return register(new Gauge(name, help, value));
  }

  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return register(new Histogram(name, help, buckets.clone(), List.of(labelNames)));
  }

  private <F extends Family> F register(F family) {
    families.add(family);
    return family;
  }

  /** The whole registry in the Prometheus text format. */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    for (Family family : families) family.render(out);
    return out.toString();
  }

  /** A monotonically increasing count per label set. */
  public static final class Counter implements Family {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> children = new ConcurrentHashMap<>();

    private Counter(String name, String help, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames;
      if (labelNames.isEmpty()) children.put(List.of(), new LongAdder());
    }

    public void inc(String... labelValues) {
      child(labelValues).increment();
    }

    public long value(String... labelValues) {
      LongAdder adder = children.get(List.of(labelValues));
      return adder == null ? 0 : adder.sum();
    }

    private LongAdder child(String[] labelValues) {
      if (labelValues.length != labelNames.size()) {
        throw new IllegalArgumentException(name + " takes labels " + labelNames);
      }
      return children.computeIfAbsent(List.of(labelValues), k -> new LongAdder());
    }

    @Override
    public void render(StringBuilder out) {
      header(out, name, help, "counter");
      children.forEach((labels, adder) -> sample(out, name, labelNames, labels, adder.sum()));
    }
  }

  /** A value read at scrape time (in-flight requests, projection lag). */
  public static final class Gauge implements Family {
    private final String name;
    private final String help;
    private final DoubleSupplier value;

    private Gauge(String name, String help, DoubleSupplier value) {
      this.name = name;
      this.help = help;
      this.value = value;
    }

    @Override
    public void render(StringBuilder out) {
      header(out, name, help, "gauge");
      sample(out, name, List.of(), List.of(), value.getAsDouble());
    }
  }

  /** Observations counted into fixed buckets per label set, with their sum and count. */
  public static final class Histogram implements Family {
    private final String name;
    private final String help;
    private final double[] buckets;
    private final List<String> labelNames;
    private final Map<List<String>, Series> children = new ConcurrentHashMap<>();

    private Histogram(String name, String help, double[] buckets, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.buckets = buckets;
      this.labelNames = labelNames;
    }

    private final class Series {
      final LongAdder[] counts = new LongAdder[buckets.length + 1];
      final DoubleAdder sum = new DoubleAdder();

      Series() {
        for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
      }
    }

    public void observe(double value, String... labelValues) {
      if (labelValues.length != labelNames.size()) {
        throw new IllegalArgumentException(name + " takes labels " + labelNames);
      }
      Series series = children.computeIfAbsent(List.of(labelValues), k -> new Series());
      int i = 0;
      while (i < buckets.length && value > buckets[i]) i++;
      series.counts[i].increment();
      series.sum.add(value);
    }

    public long count(String... labelValues) {
      Series series = children.get(List.of(labelValues));
      if (series == null) return 0;
      long total = 0;
      for (LongAdder c : series.counts) total += c.sum();
      return total;
    }

    @Override
    public void render(StringBuilder out) {
      header(out, name, help, "histogram");
      List<String> withLe = new ArrayList<>(labelNames);
      withLe.add("le");
      children.forEach(
          (labels, series) -> {
            long cumulative = 0;
            for (int i = 0; i <= buckets.length; i++) {
              cumulative += series.counts[i].sum();
              List<String> values = new ArrayList<>(labels);
              values.add(i < buckets.length ? format(buckets[i]) : "+Inf");
              sample(out, name + "_bucket", withLe, values, cumulative);
            }
            sample(out, name + "_sum", labelNames, labels, series.sum.sum());
            sample(out, name + "_count", labelNames, labels, cumulative);
          });
    }
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder out, String name, List<String> labelNames, List<String> labelValues, double value) {
    out.append(name);
    if (!labelNames.isEmpty()) {
      out.append('{');
      for (int i = 0; i < labelNames.size(); i++) {
        if (i > 0) out.append(',');
        out.append(labelNames.get(i)).append("=\"").append(escape(labelValues.get(i))).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(format(value)).append('\n');
  }

  private static String escape(String labelValue) {
    return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String format(double value) {
    if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    if (Double.isNaN(value)) return "NaN";
    if (Double.isInfinite(value)) return value > 0 ? "+Inf" : "-Inf";
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
