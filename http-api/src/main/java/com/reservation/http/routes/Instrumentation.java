package com.reservation.http.routes;

import akka.dispatch.ExecutionContexts$;
import akka.http.javadsl.server.Complete;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.server.directives.RouteAdapter;
import akka.http.scaladsl.model.HttpRequest;
import akka.http.scaladsl.server.RequestContext;
import akka.http.scaladsl.server.RouteResult;
import com.reservation.http.metrics.HttpMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.concurrent.Future;
import scala.util.Success;

/**
 * Around every request: the in-flight gauge, the latency histogram by route template and status
 * class, one debug line per outcome, and a warning for 5xx answers (at most one a second, with a
 * count of those it held back, so an overload does not turn into a logging storm). Logs name route
 * templates, never raw paths or bodies: paths carry booking ids (which allow a cancel) and bodies
 * carry personal data.
 */
final class Instrumentation {
  private static final Logger log = LoggerFactory.getLogger("com.reservation.http.requests");
  private static final long WARN_EVERY_NANOS = 1_000_000_000L;

  private final HttpMetrics metrics;
  private final AtomicLong nextWarnAt = new AtomicLong(System.nanoTime());
  private final AtomicLong heldBackWarnings = new AtomicLong();

  Instrumentation(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * The route, observed. Written against the Scala route function rather than the Java directives:
   * those build directive objects per request, and their {@code CompletionStage} view of the result
   * runs {@code whenComplete} as {@code whenCompleteAsync} (a hop to the common pool, with a thread
   * wake-up, per request). Here the outcome is recorded on the thread that completes it, before the
   * response goes out, as before.
   */
  Route observed(Route inner) {
    Function1<RequestContext, Future<RouteResult>> route = inner.asScala();
    return RouteAdapter.asJava(
        ctx -> {
          long start = System.nanoTime();
          HttpRequest request = ctx.request();
          metrics.requestStarted();
          return route
              .apply(ctx)
              .transform(
                  result -> {
                    // Handlers inside complete every request; anything else is counted as the 500
                    // it becomes.
                    int status =
                        result instanceof Success<RouteResult> success
                                && success.value() instanceof Complete c
                            ? c.getResponse().status().intValue()
                            : 500;
                    finished(request, status, System.nanoTime() - start);
                    return result;
                  },
                  ExecutionContexts$.MODULE$.parasitic());
        });
  }

  private void finished(HttpRequest request, int status, long nanos) {
    String method = request.method().value();
    String route = RouteCatalog.templateOf(request.uri().path());
    metrics.requestFinished(method, route, status, nanos);
    outcome(method, route, status, nanos);
  }

  private void outcome(String method, String route, int status, long nanos) {
    if (status >= 500) {
      long now = System.nanoTime();
      long next = nextWarnAt.get();
      if (now - next >= 0 && nextWarnAt.compareAndSet(next, now + WARN_EVERY_NANOS)) {
        long heldBack = heldBackWarnings.getAndSet(0);
        if (heldBack == 0)
          log.warn("{} {} -> {} after {} ms", method, route, status, nanos / 1_000_000);
        else
          log.warn(
              "{} {} -> {} after {} ms ({} more 5xx since the last warning)",
              method,
              route,
              status,
              nanos / 1_000_000,
              heldBack);
      } else {
        heldBackWarnings.incrementAndGet();
      }
    } else if (log.isDebugEnabled()) {
      log.debug("{} {} -> {} after {} ms", method, route, status, nanos / 1_000_000);
    }
  }
}
