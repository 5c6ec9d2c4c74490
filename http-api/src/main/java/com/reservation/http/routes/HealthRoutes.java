package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.DispatcherSelector;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.reservation.engine.store.Database;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Liveness (the process answers) and readiness (this member is Up in its cluster and the store
 * answers). The store is asked at most once a second however often readiness is asked ({@link
 * StoreProbe}).
 */
public final class HealthRoutes {
  /**
   * How long a store check's answer is reused, and how long a caller waits for a check before "not
   * ready".
   */
  static final Duration STORE_CHECK_EVERY = Duration.ofSeconds(1);

  static final Duration STORE_CHECK_PATIENCE = Duration.ofSeconds(2);

  /** Liveness never changes: one immutable response serves every probe. */
  static final HttpResponse LIVE =
      HttpResponse.create()
          .withStatus(StatusCodes.OK)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"status\":\"UP\"}"));

  private final NodeContext node;
  private final Replies replies;
  private final StoreProbe store;

  HealthRoutes(NodeContext node, Replies replies) {
    this.node = node;
    this.replies = replies;
    Executor jdbc =
        node.system()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig("reservation.jdbc-dispatcher"));
    this.store =
        new StoreProbe(
            () ->
                CompletableFuture.supplyAsync(() -> Database.isReachable(node.dataSource()), jdbc),
            STORE_CHECK_EVERY,
            STORE_CHECK_PATIENCE,
            System::nanoTime);
  }

  public Route route() {
    return pathPrefix(
        "health",
        () ->
            concat(
                path("live", () -> get(() -> complete(LIVE))),
                path("ready", () -> get(this::ready))));
  }

  private Route ready() {
    // Stopping: not ready from the first moment, while the node drains
    // (reservation.shutdown.drain).
    if (CoordinatedShutdown.get(node.system()).getShutdownReason().isPresent())
      return notReady("the node is stopping");
    boolean memberUp = Cluster.get(node.system()).selfMember().status() == MemberStatus.up();
    if (!memberUp) return notReady("cluster member is not Up yet");
    return onSuccess(
        store.reachable(),
        reachable ->
            reachable
                ? complete(
                    StatusCodes.OK,
                    HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"status\":\"READY\"}"))
                : notReady("the database does not answer"));
  }

  /**
   * Not ready is a 503, so it is problem+json like every other error (with the health status beside
   * it).
   */
  private Route notReady(String why) {
    return complete(
        replies.problem(
            Problem.unavailable("Not ready: " + why + ".").with("status", "NOT_READY")));
  }
}
