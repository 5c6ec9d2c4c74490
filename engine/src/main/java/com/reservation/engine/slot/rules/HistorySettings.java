package com.reservation.engine.slot.rules;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How much a slot keeps of what ended (released and expired holds, waitlist entries that left or
 * expired, cancelled bookings), from {@code reservation.slot.history}. Both bounds hold at once: an
 * ended record is dropped once it ended more than {@code keepFor} before the time of a fact the
 * slot applies, and, however fast records end, a slot keeps at most {@code keepAtMost} of them (the
 * oldest go first). Active bookings, holds and entries are never dropped.
 *
 * @param keepFor how long after it ended a record is kept at least (until the slot's next fact)
 * @param keepAtMost ended records one slot keeps at most
 */
public record HistorySettings(Duration keepFor, int keepAtMost) {

  /** Keeps everything (what a slot did before the bounds existed); for tests of other rules. */
  public static final HistorySettings UNBOUNDED = new HistorySettings(null, Integer.MAX_VALUE);

  public HistorySettings {
    if (keepAtMost < 0) throw new IllegalArgumentException("keep-at-most must be >= 0");
    if (keepFor != null && keepFor.isNegative())
      throw new IllegalArgumentException("keep-for must be >= 0");
  }

  public boolean bounded() {
    return keepFor != null || keepAtMost != Integer.MAX_VALUE;
  }

  public static HistorySettings fromConfig(Config history) {
    return new HistorySettings(history.getDuration("keep-for"), history.getInt("keep-at-most"));
  }
}
