package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.server.Route;
import com.reservation.engine.ReservationEngine;
import com.reservation.http.live.LiveAvailability;
import com.reservation.http.live.LiveSettings;
import com.reservation.http.metrics.HttpMetrics;
import com.reservation.http.metrics.NodeMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of a node in one tree, inside the handlers that turn every rejection and unexpected
 * exception into problem+json, inside the instrumentation that times and counts every request. The
 * operations it serves are listed in {@link RouteCatalog}, which the OpenAPI document must match.
 */
public final class ApiRoutes {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

  private ApiRoutes() {}

  public static Route create(NodeContext node) {
    HttpSettings settings =
        HttpSettings.fromConfig(node.system().settings().config().getConfig("reservation.http"));
    ReservationEngine engine = node.engine();
    Replies replies = new Replies(settings.retryAfterSeconds());
    Admission admission = new Admission(settings.maxInFlight());
    NodeMetrics nodeMetrics =
        NodeMetrics.start(node.system(), node.dataSource(), settings.projectionLagRefresh());
    HttpMetrics metrics = new HttpMetrics(nodeMetrics.registry(), admission::inFlight);
    refreshProjectionLag(node, metrics, settings.projectionLagRefresh());
    JsonBodies bodies = new JsonBodies(settings, replies);
    SlotCalls calls = new SlotCalls(engine.venues(), admission, metrics, replies);
    AdminAuth auth = new AdminAuth(node.adminTokens());
    LiveAvailability live =
        LiveAvailability.start(
            node.system(),
            engine.events(),
            LiveSettings.fromConfig(
                node.system().settings().config().getConfig("reservation.http.live")),
            metrics.registry());

    // The hot routes first: the paths are disjoint, so the order only decides how soon a request
    // finds its route.
    Route routes =
        concat(
            new ArrivalRecording(engine.events().arrivals(), Clock.systemUTC())
                .counted(new SlotRoutes(engine, calls, bodies, replies, metrics).route()),
            new HoldRoutes(
                    engine.holds(),
                    engine.settings().slot().maxSeatsPerBooking(),
                    engine.settings().slot().holds(),
                    calls,
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
            new AvailabilityStreamRoutes(engine.venues(), live, replies).route(),
            new WebhookRoutes(engine.events().webhooks(), auth, bodies, replies).route(),
            new EventFeedRoutes(engine.events().feed(), auth, replies).route(),
            new OperationsRoutes(nodeMetrics).route());
    // Rate limiting (off unless configured) answers before any route runs.
    RateLimitSettings rateLimit =
        RateLimitSettings.fromConfig(
            node.system().settings().config().getConfig("reservation.http.rate-limit"));
    Route limited = RateLimiting.of(rateLimit).limited(routes);
    // Bodies are read to their end before anything answers, so that every client sees its answer.
    Route drained = new WholeBodies(settings, replies).whole(limited);
    return new Instrumentation(metrics).observed(new ErrorHandling(replies).handled(drained));
  }

  /** The lag query reads the journal: run it on a timer, not per scrape, and never two at once. */
  private static void refreshProjectionLag(NodeContext node, HttpMetrics metrics, Duration every) {
    AtomicBoolean running = new AtomicBoolean();
    node.system()
        .scheduler()
        .scheduleAtFixedRate(
            Duration.ZERO,
            every,
            () -> {
              if (!running.compareAndSet(false, true)) return;
              node.engine()
                  .availability()
                  .projectionLagEvents()
                  .whenComplete(
                      (lag, failure) -> {
                        running.set(false);
                        if (failure != null)
                          log.debug("Projection lag not refreshed: {}", failure.toString());
                        else metrics.projectionLag(lag);
                      });
            },
            node.system().executionContext());
  }
}
