package com.reservation.engine.events.arrivals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Booking attempts per slot and second on this node, in memory: an attempt is one map look-up and
 * two adder increments. {@link #drain} hands over the seconds that are over (and no longer written
 * to) for storing.
 */
public final class ArrivalCounter {
  /** One slot's second. */
  public record Key(String venueId, String slotId, long epochSecond) {}

  /** What one slot's second saw. */
  public record Counts(long attempts, long confirmed, long rejected, long refused) {}

  private static final class Adders {
    final LongAdder attempts = new LongAdder();
    final LongAdder[] outcomes = {new LongAdder(), new LongAdder(), new LongAdder()};

    Counts counts() {
      return new Counts(attempts.sum(), outcomes[0].sum(), outcomes[1].sum(), outcomes[2].sum());
    }
  }

  private final ConcurrentHashMap<Key, Adders> seconds = new ConcurrentHashMap<>();

  /**
   * Counts one attempt on {@code slotId} that arrived in {@code epochSecond} and ended with {@code
   * outcome}.
   */
  public void record(String venueId, String slotId, long epochSecond, Outcome outcome) {
    Key key = new Key(venueId, slotId, epochSecond);
    Adders adders = seconds.get(key);
    if (adders == null) adders = seconds.computeIfAbsent(key, k -> new Adders());
    adders.attempts.increment();
    adders.outcomes[outcome.ordinal()].increment();
  }

  /**
   * Removes and returns the counts of every second before {@code beforeEpochSecond}. An attempt
   * still answered after its second was drained starts a new entry, stored with the next drain: the
   * store adds counts up.
   */
  public List<Map.Entry<Key, Counts>> drain(long beforeEpochSecond) {
    List<Map.Entry<Key, Counts>> drained = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Adders>> it = seconds.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Adders> entry = it.next();
      if (entry.getKey().epochSecond() >= beforeEpochSecond) continue;
      it.remove();
      drained.add(Map.entry(entry.getKey(), entry.getValue().counts()));
    }
    return drained;
  }

  /** Puts counts back (a store that failed), to be stored with the next drain. */
  public void restore(List<Map.Entry<Key, Counts>> counts) {
    for (Map.Entry<Key, Counts> entry : counts) {
      Adders adders = seconds.computeIfAbsent(entry.getKey(), k -> new Adders());
      Counts c = entry.getValue();
      adders.attempts.add(c.attempts());
      adders.outcomes[0].add(c.confirmed());
      adders.outcomes[1].add(c.rejected());
      adders.outcomes[2].add(c.refused());
    }
  }
}
