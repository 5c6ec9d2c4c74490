package com.reservation.engine.expiry;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Tunables of the expiry waker, from {@code reservation.expiry}.
 *
 * @param pollInterval how often it reads the due slots
 * @param lookahead it wakes a slot this long before its earliest hold expires, so the slot's own
 *     timer expires it on time (waking includes recovering the slot)
 * @param rewakeAfter a slot that is still due this long after it was woken is woken again (its node
 *     may have died)
 * @param maxPerPoll slots read per poll at most
 */
public record ExpirySettings(
    Duration pollInterval, Duration lookahead, Duration rewakeAfter, int maxPerPoll) {
  public static ExpirySettings fromConfig(Config expiry) {
    return new ExpirySettings(
        expiry.getDuration("poll-interval"),
        expiry.getDuration("lookahead"),
        expiry.getDuration("rewake-after"),
        expiry.getInt("max-per-poll"));
  }
}
