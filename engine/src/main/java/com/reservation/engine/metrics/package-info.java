/**
 * Where the engine's metrics go: one Micrometer registry per ActorSystem ({@link
 * com.reservation.engine.metrics.EngineMetrics}). The engine records into it and knows nothing of
 * how it is exported; the node adds the registry that serves {@code GET /metrics}. The entity types
 * the engine shards report themselves there too, so that {@link
 * com.reservation.engine.metrics.ClusterMetrics} counts their entities and shards without the node
 * knowing the entity classes. Depends on micrometer-core and Akka only.
 */
package com.reservation.engine.metrics;
