package com.reservation.engine.events.arrivals;

/** How a booking attempt ended, as the arrival curve counts it. */
public enum Outcome {
  /** 201, or 200 for an idempotent retry of a confirmed booking. */
  CONFIRMED,
  /** Decided against: 409 (full, closed, already booked) and every other 4xx. */
  REJECTED,
  /** Not decided: 503 (overloaded, unavailable) and any other 5xx. */
  REFUSED;

  public static Outcome ofStatus(int status) {
    if (status >= 200 && status < 300) return CONFIRMED;
    if (status >= 500) return REFUSED;
    return REJECTED;
  }
}
