package com.reservation.gatling.bench;

import com.reservation.gatling.support.Seeder;
import io.gatling.http.client.Request;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * What one phase does against one target: the data it needs there, the requests of one attempt
 * (each user repeats them while the phase is open), and how it judges an answer. One instance per
 * phase: it holds that phase's state (which hot slot is current, the next customer).
 */
public sealed interface Workload
    permits Ceiling, HotSlot, Spread, Citizen, FullSlot, Calendar, BigSlot {
  /** The workload's name in reports: {@code hot-slot}, {@code spread}, ... */
  String name();

  /** What the rate counts, in reports ("bookings/s"). */
  String unit();

  /** Seeds what the workload needs on its target, through the admin API; runs before any load. */
  void prepare(Seeder seeder);

  ChainBuilder attempt(Phase phase);

  Verdict judge(int status, String problem);

  /**
   * Called on every answer, after it was recorded: a workload may react (the hot slot moves on when
   * full).
   */
  default void observe(Request request, int status, String problem) {}

  /** Called as the measured window starts. */
  default void measuring() {}
}
