package com.reservation.engine.slot.storage;

import akka.Done;
import akka.persistence.typed.PersistenceId;
import com.reservation.engine.journal.SnapshotWriter;
import com.reservation.engine.slot.rules.SlotState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a slot's snapshots are written. A ledger hands over its state after a durable write and
 * goes on at once: the state is immutable, so it is serialized and stored off the slot's path, and
 * a big slot never waits for its own snapshot. Recovery reads snapshots through the configured
 * snapshot store plugin, which must read what this writes.
 */
public interface SlotSnapshots {
  /**
   * Stores {@code state}, the slot's state after event {@code sequenceNr}; best effort (a lost
   * snapshot costs replay).
   */
  void save(PersistenceId persistenceId, long sequenceNr, SlotState state);

  /**
   * Stores {@code state} and completes when it is stored (or failed): for a slot about to stop, so
   * that its next incarnation (after a hand-off, a passivation or a restart) reads the snapshot
   * instead of replaying what it wrote since the last one. By default, as {@link #save} and at
   * once.
   */
  default CompletionStage<Done> saveNow(
      PersistenceId persistenceId, long sequenceNr, SlotState state) {
    save(persistenceId, sequenceNr, state);
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  /** Snapshots stored by {@code writer}: on the way off the slot's path, and waited for on stop. */
  static SlotSnapshots storedBy(SnapshotWriter writer) {
    return new SlotSnapshots() {
      @Override
      public void save(PersistenceId id, long sequenceNr, SlotState state) {
        writer.save(id.id(), sequenceNr, () -> SlotSnapshot.of(state));
      }

      @Override
      public CompletionStage<Done> saveNow(PersistenceId id, long sequenceNr, SlotState state) {
        return writer
            .saveNow(id.id(), sequenceNr, () -> SlotSnapshot.of(state))
            .thenApply(stored -> Done.getInstance());
      }
    };
  }

  /** Takes no snapshots: recovery replays every event. */
  SlotSnapshots NONE = (persistenceId, sequenceNr, state) -> {};
}
