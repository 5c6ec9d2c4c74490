package com.reservation.engine.slot;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Tunables of the slot entity, from {@code reservation.slot} in the configuration.
 *
 * @param bufferSize commands a slot holds while a write is in flight; beyond it callers get OVERLOADED at once
 * @param maxBatchSize commands decided and written together in one persist at most
 * @param snapshotEvery facts between snapshots at least (more once a slot holds more bookings than this)
 * @param numberOfTags tags the events are spread over for the read model; fixed once data exists
 * @param holds holds and waitlists
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
    HoldSettings holds) {

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
        HoldSettings.fromConfig(slot.getConfig("holds")));
  }

  /** Defaults, for tests that build an entity without a configuration. */
  public static SlotSettings defaults() {
    return new SlotSettings(
        10, 100_000, 4096, 1000, 1000, 4, Duration.ofMillis(200), Duration.ofSeconds(2), HoldSettings.defaults());
  }

  public SlotSettings withBufferSize(int size) {
    return new SlotSettings(maxSeatsPerBooking, maxCapacity, size, maxBatchSize, snapshotEvery, numberOfTags, restartMinBackoff, restartMaxBackoff, holds);
  }

  public SlotSettings withSnapshotEvery(int every) {
    return new SlotSettings(maxSeatsPerBooking, maxCapacity, bufferSize, maxBatchSize, every, numberOfTags, restartMinBackoff, restartMaxBackoff, holds);
  }

  public SlotSettings withHolds(HoldSettings newHolds) {
    return new SlotSettings(maxSeatsPerBooking, maxCapacity, bufferSize, maxBatchSize, snapshotEvery, numberOfTags, restartMinBackoff, restartMaxBackoff, newHolds);
  }

  /** The tag of a slot's events: a stable hash of the slot id over {@link #numberOfTags()}. */
  public String tagFor(String slotId) {
    return tag(Math.floorMod(slotId.hashCode(), numberOfTags));
  }

  public static String tag(int index) {
    return "slot-" + index;
  }

  /** Every tag slot events carry: the read model's projection runs one instance per tag. */
  public java.util.List<String> tags() {
    return java.util.stream.IntStream.range(0, numberOfTags).mapToObj(SlotSettings::tag).toList();
  }
}
