/**
 * A node's metrics, kept by Micrometer and exported by its Prometheus registry at {@code GET
 * /metrics}: the HTTP front end's ({@link com.reservation.http.metrics.HttpMetrics}) and the node's
 * ({@link com.reservation.http.metrics.NodeMetrics}: JVM, connection pools, the engine's journal,
 * cluster and sharding). Label values never carry ids or personal data. See
 * docs/decisions/0005-http-front-end-admission-and-metrics.md.
 */
package com.reservation.http.metrics;
