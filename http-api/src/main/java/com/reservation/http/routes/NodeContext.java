package com.reservation.http.routes;

import akka.actor.typed.ActorSystem;
import com.reservation.engine.ReservationEngine;
import com.reservation.http.live.LiveAvailability;
import com.reservation.http.metrics.NodeMetrics;
import javax.sql.DataSource;

/**
 * What the routes of a node need: its system, engine, database (for readiness), the admin tokens,
 * and what the node has started for them (its metrics registry, its live availability hubs), so
 * that assembling routes starts nothing. Its {@code toString} shows no secret: {@link AdminTokens}
 * masks its own. Built by the node that starts them, which is why it lives here and not in {@code
 * node}: the routes never import the package that starts them.
 */
public record NodeContext(
    ActorSystem<Void> system,
    ReservationEngine engine,
    DataSource dataSource,
    AdminTokens adminTokens,
    NodeMetrics metrics,
    LiveAvailability live) {}
