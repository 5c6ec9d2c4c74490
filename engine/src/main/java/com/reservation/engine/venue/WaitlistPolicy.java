package com.reservation.engine.venue;

/**
 * How freed seats are offered to a slot's waitlist: FIFO offers them to the first entry only (an
 * entry that does not fit keeps those behind it waiting); FIRST_FIT to the first entry whose seats
 * fit, skipping larger ones.
 */
public enum WaitlistPolicy {
  FIFO,
  FIRST_FIT
}
