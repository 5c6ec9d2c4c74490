package com.reservation.gatling.bench;

/** What an answer means for its workload. */
public enum Verdict {
  /**
   * An expected answer that the workload's rate counts (a 201 on a booking workload, a 409 on the
   * full slot).
   */
  COUNTED,
  /** An expected answer that is not counted (a 409 slot-full while booking a hot slot). */
  OK,
  /** Anything else: a wrong status, a 5xx. */
  KO
}
