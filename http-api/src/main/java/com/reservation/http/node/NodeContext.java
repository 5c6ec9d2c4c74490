package com.reservation.http.node;

import akka.actor.typed.ActorSystem;
import com.reservation.engine.ReservationEngine;
import javax.sql.DataSource;

/**
 * What the routes of a node need: its system, engine, database (for readiness), settings and the
 * admin tokens. Its {@code toString} shows no secret: {@link NodeSettings} and {@link AdminTokens}
 * mask theirs.
 */
public record NodeContext(
    ActorSystem<Void> system,
    ReservationEngine engine,
    DataSource dataSource,
    NodeSettings settings,
    AdminTokens adminTokens) {}
