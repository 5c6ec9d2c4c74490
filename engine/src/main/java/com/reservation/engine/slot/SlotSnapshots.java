package com.reservation.engine.slot;

import akka.persistence.typed.PersistenceId;

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

  /** Takes no snapshots: recovery replays every event. */
  SlotSnapshots NONE = (persistenceId, sequenceNr, state) -> {};
}
