package com.reservation.engine.slot.rules;

import java.time.Instant;
import java.util.Optional;

/**
 * What a slot remembers of its ended records, oldest first, so that keeping them bounded costs
 * O(log n) per fact: released and expired holds, waitlist entries that left or expired, cancelled
 * bookings (a confirmed hold and its entry end with their booking, so they go with it). Only their
 * order lives here; the records stay in the slot's maps, where look-ups and idempotent retries find
 * them until they are dropped.
 *
 * <p>Derived from the records' own fields (their end instant, kind and id), so a slot restored from
 * a snapshot rebuilds exactly this order, and the same facts then drop the same records.
 *
 * @param ended every ended record the slot still keeps, by (end instant, kind, id)
 * @param settings the bounds; {@link HistorySettings#UNBOUNDED} keeps no order (nothing is dropped)
 */
public record SlotHistory(
    PersistentSortedMap<SlotHistory.Ended, Boolean> ended, HistorySettings settings) {

  /** The kind of an ended record. */
  public enum Kind {
    BOOKING,
    HOLD,
    ENTRY
  }

  /**
   * An ended record's place in the order. Records that ended at the same instant (one write's) go
   * in the order of their kind and id: arbitrary, but the same wherever the slot recovers.
   */
  public record Ended(Instant at, Kind kind, String id) implements Comparable<Ended> {
    @Override
    public int compareTo(Ended other) {
      int byTime = at.compareTo(other.at);
      if (byTime != 0) return byTime;
      int byKind = kind.compareTo(other.kind);
      return byKind != 0 ? byKind : id.compareTo(other.id);
    }
  }

  public static SlotHistory empty(HistorySettings settings) {
    return new SlotHistory(PersistentSortedMap.empty(), settings);
  }

  /** Ended records kept (0 when unbounded: then nothing is counted). */
  public int size() {
    return ended.size();
  }

  /** With a record that just ended (nothing when unbounded). */
  SlotHistory with(Ended record) {
    if (!settings.bounded()) return this;
    return new SlotHistory(ended.with(record, Boolean.TRUE), settings);
  }

  SlotHistory without(Ended record) {
    return new SlotHistory(ended.without(record), settings);
  }

  /**
   * The oldest record that is due to go, if any: one too many, or, when {@code now} (a fact's time)
   * is known, one that ended more than {@code keep-for} before it.
   */
  Optional<Ended> due(Instant now) {
    Optional<Ended> oldest = ended.firstKey();
    if (oldest.isEmpty()) return oldest;
    if (ended.size() > settings.keepAtMost()) return oldest;
    if (now != null
        && settings.keepFor() != null
        && oldest.get().at().plus(settings.keepFor()).isBefore(now)) return oldest;
    return Optional.empty();
  }
}
