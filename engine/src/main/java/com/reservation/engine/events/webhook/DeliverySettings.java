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
 * @param requestTimeout the whole-attempt deadline: connecting, sending, and the receiver's status,
 *     headers and body must all be done within it, or the attempt is cut and counts as failed
 * @param backoffMin the wait after a first failed attempt; it doubles with each further failure
 * @param backoffMax the longest wait between two attempts
 * @param retryFor the backlog's age bound: a pending delivery older than this leaves the outbox for
 *     the dead letter (reason {@code retry-for}, counted as abandoned too)
 * @param maxPending the backlog's count bound per webhook: beyond it the oldest pending deliveries
 *     leave the outbox for the dead letter (reason {@code max-pending})
 * @param backlogCheckInterval how often each webhook's backlog is checked against both bounds (it
 *     may exceed {@code maxPending} by what arrives in between)
 * @param deadLetterKeepFor how long a dead letter is kept
 * @param deadLetterMax dead letters kept per webhook at most (the newest)
 */
public record DeliverySettings(
    int workers,
    Duration pollInterval,
    Duration refreshInterval,
    int batchSize,
    Duration requestTimeout,
    Duration backoffMin,
    Duration backoffMax,
    Duration retryFor,
    int maxPending,
    Duration backlogCheckInterval,
    Duration deadLetterKeepFor,
    int deadLetterMax) {

  public DeliverySettings {
    if (maxPending < 1) throw new IllegalArgumentException("max-pending must be at least 1");
    if (deadLetterMax < 0) throw new IllegalArgumentException("dead-letter-max must be >= 0");
  }

  public static DeliverySettings fromConfig(Config webhooks) {
    return new DeliverySettings(
        webhooks.getInt("workers"),
        webhooks.getDuration("poll-interval"),
        webhooks.getDuration("refresh-interval"),
        webhooks.getInt("batch-size"),
        webhooks.getDuration("request-timeout"),
        webhooks.getDuration("backoff-min"),
        webhooks.getDuration("backoff-max"),
        webhooks.getDuration("retry-for"),
        webhooks.getInt("max-pending"),
        webhooks.getDuration("backlog-check-interval"),
        webhooks.getDuration("dead-letter-keep-for"),
        webhooks.getInt("dead-letter-max"));
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
