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
 * @param snapshotEvery events between a bucket's snapshots
 * @param passivateAfter a bucket that received nothing this long stops (its state is stored)
 * @param forgetStartedEvery how often a bucket drops the grants of slots that have started
 * @param importTimeout how long a new bucket may take to read the allowances earlier versions
 *     stored for its customers, before it fails and tries again
 */
public record AllowanceSettings(
    Duration settleAfter,
    Duration recheckAfter,
    int snapshotEvery,
    Duration passivateAfter,
    Duration forgetStartedEvery,
    Duration importTimeout) {
  public static AllowanceSettings fromConfig(Config customer) {
    return new AllowanceSettings(
        customer.getDuration("settle-after"),
        customer.getDuration("recheck-after"),
        customer.getInt("snapshot-every"),
        customer.getDuration("passivate-after"),
        customer.getDuration("forget-started-every"),
        customer.getDuration("import-timeout"));
  }

  public static AllowanceSettings defaults() {
    return new AllowanceSettings(
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        500,
        Duration.ofMinutes(2),
        Duration.ofMinutes(1),
        Duration.ofSeconds(30));
  }
}
