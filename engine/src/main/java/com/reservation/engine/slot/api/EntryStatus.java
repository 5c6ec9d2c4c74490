package com.reservation.engine.slot.api;

/**
 * Where a waitlist entry is: WAITING in line, OFFERED a hold, CONFIRMED once that hold became a
 * booking, EXPIRED when the offer ran out unconfirmed, LEFT when its customer left (or released the
 * offer).
 */
public enum EntryStatus {
  WAITING,
  OFFERED,
  CONFIRMED,
  EXPIRED,
  LEFT
}
