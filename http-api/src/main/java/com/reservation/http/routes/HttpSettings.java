package com.reservation.http.routes;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The HTTP layer's tunables, from {@code reservation.http} (defaults in this module's
 * reference.conf).
 *
 * @param maxInFlight slot requests admitted on this node at once; beyond it 503 {@code overloaded}
 *     at once
 * @param retryAfterSeconds what a 503 tells the client to wait
 * @param maxBodyBytes larger request bodies are 413
 * @param bodyReadTimeout how long a client may take to send a body
 * @param maxCalendarDays the longest calendar span one request may ask for
 * @param projectionLagRefresh how often the projection-lag and sharding gauges are refreshed (not
 *     on every scrape)
 */
public record HttpSettings(
    int maxInFlight,
    int retryAfterSeconds,
    int maxBodyBytes,
    Duration bodyReadTimeout,
    int maxCalendarDays,
    Duration projectionLagRefresh) {

  public static HttpSettings fromConfig(Config http) {
    return new HttpSettings(
        http.getInt("max-in-flight"),
        http.getInt("retry-after-seconds"),
        (int) http.getBytes("max-body-bytes").longValue(),
        http.getDuration("body-read-timeout"),
        http.getInt("max-calendar-days"),
        http.getDuration("projection-lag-refresh"));
  }
}
