package com.reservation.http.node;

import akka.actor.typed.ActorSystem;
import com.reservation.engine.ReservationEngine;
import javax.sql.DataSource;

/** What the routes of a node need: its system, engine, database (for readiness) and settings. */
public record NodeContext(
    ActorSystem<Void> system,
    ReservationEngine engine,
    DataSource dataSource,
    NodeSettings settings,
    String adminToken) {}
