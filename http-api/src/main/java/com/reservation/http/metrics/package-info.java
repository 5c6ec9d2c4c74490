/**
 * Prometheus metrics of a node, written here rather than pulled in as a library: a registry of LongAdder counters,
 * gauges and fixed-bucket histograms ({@link com.reservation.http.metrics.MetricRegistry}) and the node's named
 * metrics ({@link com.reservation.http.metrics.HttpMetrics}). Label values never carry ids or personal data.
 * Depends on the JDK only.
 */
package com.reservation.http.metrics;
