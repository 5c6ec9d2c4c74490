package com.reservation.engine.slot.api;

/**
 * Where a hold is in its life: HELD until it is confirmed (a booking), released by its holder, or
 * expired.
 */
public enum HoldStatus {
  HELD,
  CONFIRMED,
  RELEASED,
  EXPIRED
}
