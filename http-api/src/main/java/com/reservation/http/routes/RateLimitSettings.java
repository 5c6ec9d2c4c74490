package com.reservation.http.routes;

import com.typesafe.config.Config;
import java.util.List;

/**
 * {@code reservation.http.rate-limit}: a token bucket per client address (see {@link
 * RateLimiting}).
 *
 * @param enabled off by default: a node behind a load balancer or CDN that limits already needs
 *     none
 * @param requestsPerSecond the rate a client's bucket refills at: its sustained request rate
 * @param burst the bucket's size: how many requests a client may send at once after a pause
 * @param trustedProxies addresses or CIDR ranges of proxies whose {@code X-Forwarded-For} names the
 *     client
 * @param maxClients buckets kept at most; beyond them new clients share one bucket until idle ones
 *     are dropped
 */
public record RateLimitSettings(
    boolean enabled,
    double requestsPerSecond,
    int burst,
    List<String> trustedProxies,
    int maxClients) {

  public RateLimitSettings {
    if (requestsPerSecond <= 0)
      throw new IllegalArgumentException(
          "reservation.http.rate-limit.requests-per-second must be above 0");
    if (burst < 1)
      throw new IllegalArgumentException("reservation.http.rate-limit.burst must be at least 1");
    if (maxClients < 1)
      throw new IllegalArgumentException(
          "reservation.http.rate-limit.max-clients must be at least 1");
    trustedProxies = List.copyOf(trustedProxies);
  }

  public static RateLimitSettings fromConfig(Config rateLimit) {
    return new RateLimitSettings(
        rateLimit.getBoolean("enabled"),
        rateLimit.getDouble("requests-per-second"),
        rateLimit.getInt("burst"),
        rateLimit.getStringList("trusted-proxies"),
        rateLimit.getInt("max-clients"));
  }
}
