package com.reservation.engine.slot.rules;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Tunables of the slot entity, from {@code reservation.slot} in the configuration.
 *
 * @param bufferSize commands a slot holds while a write is in flight; beyond it callers get
 *     OVERLOADED at once
 * @param maxBatchSize commands decided and written together in one persist at most
 * @param snapshotEvery facts between snapshots at least (more once a slot holds more bookings than
 *     this)
 * @param numberOfTags tags the events are spread over for the read model; fixed once data exists
 * @param holds holds and waitlists
 * @param history how much the slot keeps of ended holds, entries and cancelled bookings
 */
public record SlotSettings(
    int maxSeatsPerBooking,
    int maxCapacity,
    int bufferSize,
    int maxBatchSize,
    int snapshotEvery,
    int numberOfTags,
    Duration restartMinBackoff,
    Duration restartMaxBackoff,
    HoldSettings holds,
    HistorySettings history) {

  public static SlotSettings fromConfig(Config slot) {
    return new SlotSettings(
        slot.getInt("max-seats-per-booking"),
        slot.getInt("max-capacity"),
        slot.getInt("buffer-size"),
        slot.getInt("max-batch-size"),
        slot.getInt("snapshot-every"),
        slot.getInt("number-of-tags"),
        slot.getDuration("restart-min-backoff"),
        slot.getDuration("restart-max-backoff"),
        HoldSettings.fromConfig(slot.getConfig("holds")),
        HistorySettings.fromConfig(slot.getConfig("history")));
  }

  /** The tag of a slot's events: a stable hash of the slot id over {@link #numberOfTags()}. */
  public String tagFor(String slotId) {
    return tag(Math.floorMod(slotId.hashCode(), numberOfTags));
  }

  public static String tag(int index) {
    return "slot-" + index;
  }

  /** Every tag slot events carry: the read model's projection runs one instance per tag. */
  public List<String> tags() {
    return IntStream.range(0, numberOfTags).mapToObj(SlotSettings::tag).toList();
  }
}
