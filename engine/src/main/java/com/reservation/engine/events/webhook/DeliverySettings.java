package com.reservation.engine.events.webhook;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How webhooks are delivered ({@code reservation.events.webhooks}).
 *
 * @param workers delivery workers in the cluster (a sharded daemon process); each webhook belongs
 *     to one of them
 * @param pollInterval how often an idle webhook looks for new deliveries in the outbox
 * @param refreshInterval how often a worker reloads the registrations it serves
 * @param batchSize deliveries read from the outbox at once per webhook (still sent one at a time,
 *     in order)
 * @param requestTimeout how long a receiver may take to answer one delivery
 * @param backoffMin the wait after a first failed attempt; it doubles with each further failure
 * @param backoffMax the longest wait between two attempts
 * @param retryFor how long a delivery is retried before it is abandoned (counted, and noted as the
 *     last error)
 */
public record DeliverySettings(
    int workers,
    Duration pollInterval,
    Duration refreshInterval,
    int batchSize,
    Duration requestTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Duration retryFor) {

  public static DeliverySettings fromConfig(Config webhooks) {
    return new DeliverySettings(
        webhooks.getInt("workers"),
        webhooks.getDuration("poll-interval"),
        webhooks.getDuration("refresh-interval"),
        webhooks.getInt("batch-size"),
        webhooks.getDuration("request-timeout"),
        webhooks.getDuration("backoff-min"),
        webhooks.getDuration("backoff-max"),
        webhooks.getDuration("retry-for"));
  }

  /**
   * The wait after the {@code attempts}-th failed attempt: backoffMin doubled per earlier failure,
   * capped.
   */
  public Duration backoff(int attempts) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    long millis = backoffMin.toMillis() << doublings;
    return millis <= 0 || millis > backoffMax.toMillis() ? backoffMax : Duration.ofMillis(millis);
  }
}
