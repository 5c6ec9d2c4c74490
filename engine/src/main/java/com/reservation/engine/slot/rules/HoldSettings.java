package com.reservation.engine.slot.rules;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Tunables of holds and waitlists, from {@code reservation.slot.holds}.
 *
 * @param minTtl shortest hold a caller may ask for (the contract says 30 s)
 * @param maxTtl longest hold a caller may ask for (the contract says 900 s)
 * @param defaultTtl a hold's time to live when the caller names none
 * @param offerTtl how long a waitlist offer holds its seats for the entry's customer
 * @param maxWaitlist entries that may wait in one slot's line at once
 */
public record HoldSettings(
    Duration minTtl, Duration maxTtl, Duration defaultTtl, Duration offerTtl, int maxWaitlist) {

  public static HoldSettings fromConfig(Config holds) {
    return new HoldSettings(
        holds.getDuration("min-ttl"),
        holds.getDuration("max-ttl"),
        holds.getDuration("default-ttl"),
        holds.getDuration("offer-ttl"),
        holds.getInt("max-waitlist"));
  }
}
