package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.Route;
import java.util.function.LongSupplier;

/**
 * Rate limiting per client ({@code reservation.http.rate-limit}, off by default): each client
 * address has a token bucket ({@link TokenBuckets}); a request that finds it empty is answered at
 * once with 429 {@code rate-limited} and {@code Retry-After}, before any routing or database work.
 * The client is the TCP peer, or the address a trusted proxy forwarded ({@link ClientAddress}).
 * Health checks and metrics scrapes are never limited: a load balancer or Prometheus polling often
 * must not take the node out of rotation.
 */
public final class RateLimiting {
  private final RateLimitSettings settings;
  private final ClientAddress clients;
  private final TokenBuckets buckets;

  RateLimiting(RateLimitSettings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.clients = new ClientAddress(settings.trustedProxies());
    this.buckets =
        new TokenBuckets(
            settings.requestsPerSecond(), settings.burst(), settings.maxClients(), nanoClock);
  }

  static RateLimiting of(RateLimitSettings settings) {
    return new RateLimiting(settings, System::nanoTime);
  }

  /**
   * {@code inner} behind the limit; {@code inner} itself when rate limiting is off (nothing added
   * per request).
   */
  Route limited(Route inner) {
    if (!settings.enabled()) return inner;
    return extractRequest(
        request -> {
          if (exempt(request.getUri().path())) return inner;
          long waitNanos = buckets.take(clientOf(request));
          if (waitNanos == 0) return inner;
          long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
          return complete(
              Problem.of(
                      429,
                      "rate-limited",
                      "Rate limited",
                      "Too many requests from this client; retry after the indicated delay.")
                  .toResponse()
                  .addHeader(RetryAfter.create(seconds)));
        });
  }

  private static boolean exempt(String path) {
    return path.startsWith("/health/") || path.equals("/metrics");
  }

  private String clientOf(HttpRequest request) {
    return clients.of(request);
  }
}
