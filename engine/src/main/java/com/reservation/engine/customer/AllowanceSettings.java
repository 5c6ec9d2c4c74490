package com.reservation.engine.customer;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Tunables of customer allowances, from {@code reservation.customer}.
 *
 * @param settleAfter how long after a grant's deadline the allowance trusts a slot's "not in use"
 *     (a margin for clocks that differ between nodes: the slot refuses commands past their deadline
 *     by its own clock)
 * @param recheckAfter a grant found in use is not asked about again sooner than this (a customer
 *     retrying at the limit costs the slots nothing more)
 * @param snapshotEvery events between snapshots
 * @param passivateAfter an allowance that received nothing this long stops (its state is in the
 *     journal): in a burst of new customers, most book once and never come back, and a customer's
 *     allowance would otherwise stay in memory for the sharding default (minutes)
 */
public record AllowanceSettings(
    Duration settleAfter, Duration recheckAfter, int snapshotEvery, Duration passivateAfter) {
  public static AllowanceSettings fromConfig(Config customer) {
    return new AllowanceSettings(
        customer.getDuration("settle-after"),
        customer.getDuration("recheck-after"),
        customer.getInt("snapshot-every"),
        customer.getDuration("passivate-after"));
  }

  public static AllowanceSettings defaults() {
    return new AllowanceSettings(
        Duration.ofSeconds(1), Duration.ofSeconds(2), 100, Duration.ofSeconds(30));
  }
}
