package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.server.Route;
import com.reservation.engine.ReservationEngine;
import com.reservation.http.metrics.HttpMetrics;
import com.typesafe.config.Config;
import java.time.Clock;

/**
 * Every route of a node in one tree, inside the handlers that turn every rejection and unexpected
 * exception into problem+json, inside the instrumentation that times and counts every request. The
 * operations it serves are listed in {@link RouteCatalog}, which the OpenAPI document must match.
 */
public final class ApiRoutes {
  private ApiRoutes() {}

  /**
   * The node's routes, assembled without starting anything: what they need running (metrics, live
   * availability, timers) the node has started and hands over in {@code node}.
   */
  public static Route create(NodeContext node) {
    HttpSettings settings =
        HttpSettings.fromConfig(node.system().settings().config().getConfig("reservation.http"));
    ReservationEngine engine = node.engine();
    Replies replies = new Replies(settings.retryAfterSeconds());
    Admission admission = new Admission(settings.maxInFlight());
    HttpMetrics metrics = new HttpMetrics(node.metrics().registry(), admission::inFlight);
    JsonBodies bodies = new JsonBodies(settings, replies);
    SlotCalls calls = new SlotCalls(engine.venues(), admission, metrics, replies);
    AdminAuth auth = new AdminAuth(node.adminTokens());
    RoomGate gate = new RoomGate(engine.waitingRooms(), replies);
    Config roomConfig = node.system().settings().config().getConfig("reservation.waiting-room");

    // Who a client is (rate limiting, streams per client): the peer, or a trusted proxy's word.
    RateLimitSettings rateLimit =
        RateLimitSettings.fromConfig(
            node.system().settings().config().getConfig("reservation.http.rate-limit"));

    // The hot routes first: the paths are disjoint, so the order only decides how soon a request
    // finds its route.
    Route routes =
        concat(
            new ArrivalRecording(engine.events().arrivals(), Clock.systemUTC())
                .counted(new SlotRoutes(engine, calls, gate, bodies, replies, metrics).route()),
            new HoldRoutes(
                    engine.holds(),
                    engine.settings().slot().maxSeatsPerBooking(),
                    engine.settings().slot().holds(),
                    calls,
                    gate,
                    bodies,
                    replies)
                .route(),
            new CalendarRoutes(
                    engine.venues(), engine.availability(), replies, settings.maxCalendarDays())
                .route(),
            new AdminRoutes(engine, auth, calls, bodies, replies).route(),
            new HealthRoutes(node, replies).route(),
            new ClusterRoutes(node).route(),
            // Events out (docs/decisions/0010-events-out.md).
            new AvailabilityStreamRoutes(
                    engine.venues(),
                    engine.events().scheduledDays(),
                    node.live(),
                    new ClientAddress(rateLimit.trustedProxies()),
                    replies)
                .route(),
            new WebhookRoutes(
                    engine.events().webhooks(),
                    engine.events()::webhookTargetRefusal,
                    auth,
                    bodies,
                    replies)
                .route(),
            // The waiting room (docs/decisions/0015-waiting-room.md).
            new WaitingRoomRoutes(
                    engine.waitingRooms(),
                    bodies,
                    replies,
                    roomConfig.getInt("max-ticket-streams"),
                    roomConfig.getDuration("max-ticket-stream-life"))
                .route(),
            new EventFeedRoutes(engine.events().feed(), auth, replies).route(),
            new OperationsRoutes(node.metrics()).route());
    // Rate limiting (off unless configured) answers before any route runs.
    Route limited = RateLimiting.of(rateLimit).limited(routes);
    // Bodies are read to their end before anything answers, so that every client sees its answer.
    Route drained = new WholeBodies(settings, replies).whole(limited);
    return new Instrumentation(metrics).observed(new ErrorHandling(replies).handled(drained));
  }
}
