package com.reservation.http.node;

import akka.actor.typed.ActorSystem;
import com.reservation.engine.ReservationEngine;
import com.reservation.http.live.LiveAvailability;
import com.reservation.http.metrics.NodeMetrics;
import javax.sql.DataSource;

/**
 * What the routes of a node need: its system, engine, database (for readiness), settings, the admin
 * tokens, and what the node has started for them (its metrics registry, its live availability
 * hubs), so that assembling routes starts nothing. Its {@code toString} shows no secret: {@link
 * NodeSettings} and {@link AdminTokens} mask theirs.
 */
public record NodeContext(
    ActorSystem<Void> system,
    ReservationEngine engine,
    DataSource dataSource,
    NodeSettings settings,
    AdminTokens adminTokens,
    NodeMetrics metrics,
    LiveAvailability live) {}
