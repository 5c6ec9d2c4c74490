package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.server.Complete;
import akka.http.javadsl.server.Route;
import com.reservation.http.metrics.HttpMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Around every request: the in-flight gauge, the latency histogram by route template and status class, one debug
 * line per outcome, and a warning for 5xx answers (at most one a second, with a count of those it held back, so an
 * overload does not turn into a logging storm). Logs name route templates, never raw paths or bodies: paths carry
 * booking ids (which allow a cancel) and bodies carry personal data.
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

  Route observed(Route inner) {
    return extractRequest(
        request -> {
          long start = System.nanoTime();
          String method = request.method().name();
          String route = RouteCatalog.templateOf(request.getUri().path());
          metrics.requestStarted();
          return mapRouteResultFuture(
              result ->
                  result.whenComplete(
                      (outcome, failure) -> {
                        // Handlers inside complete every request; anything else is counted as the 500 it becomes.
                        int status = outcome instanceof Complete c ? c.getResponse().status().intValue() : 500;
                        long nanos = System.nanoTime() - start;
                        metrics.requestFinished(method, route, status, nanos);
                        outcome(method, route, status, nanos);
                      }),
              () -> inner);
        });
  }

  private void outcome(String method, String route, int status, long nanos) {
    if (status >= 500) {
      long now = System.nanoTime();
      long next = nextWarnAt.get();
      if (now - next >= 0 && nextWarnAt.compareAndSet(next, now + WARN_EVERY_NANOS)) {
        long heldBack = heldBackWarnings.getAndSet(0);
        if (heldBack == 0) log.warn("{} {} -> {} after {} ms", method, route, status, nanos / 1_000_000);
        else log.warn("{} {} -> {} after {} ms ({} more 5xx since the last warning)", method, route, status, nanos / 1_000_000, heldBack);
      } else {
        heldBackWarnings.incrementAndGet();
      }
    } else if (log.isDebugEnabled()) {
      log.debug("{} {} -> {} after {} ms", method, route, status, nanos / 1_000_000);
    }
  }
}
