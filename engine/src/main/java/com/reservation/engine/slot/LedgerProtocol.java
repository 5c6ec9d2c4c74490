package com.reservation.engine.slot;

import akka.actor.typed.ActorRef;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.api.SlotDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The messages a slot sends itself: between its sharded front ({@link SlotEntity}) and its
 * event-sourced ledger ({@link SlotLedger}), from the front's timer, from the catalog and from
 * sharding. They stay on one node and are never serialized. Private to this package, so no caller
 * can construct or send one: callers send {@link Request}s, which reach the ledger only inside a
 * {@link Batch} the front made.
 */
final class LedgerProtocol {
  private LedgerProtocol() {}

  /** What the ledger accepts, from its front only. */
  sealed interface ToLedger {}

  /** What the front accepts besides callers' requests. */
  sealed interface ToFront extends SlotCommand {}

  /** Requests decided together and written as one event. */
  record Batch(List<Request> commands) implements ToLedger {
    Batch {
      commands = List.copyOf(commands);
    }
  }

  /**
   * The front is stopping: the ledger snapshots its state if it recorded enough since its last
   * snapshot, then answers {@link Snapshotted}.
   */
  record SnapshotBeforeStop(ActorRef<ToFront> front) implements ToLedger {}

  /**
   * The ledger finished a batch (its event is durable, every caller answered). {@code nextExpiry}:
   * when the slot's earliest hold expires (null: none), for the front's timer.
   */
  record BatchWritten(boolean defined, Instant nextExpiry) implements ToFront {}

  /** The ledger recovered (at start or after a restart caused by a store failure). */
  record LedgerReady(boolean defined, Instant nextExpiry) implements ToFront {}

  /** The ledger's answer to {@link SnapshotBeforeStop} (stored, skipped or failed). */
  record Snapshotted() implements ToFront {}

  /** The front's timer: a hold is due to expire. */
  record ExpiryTimer() implements ToFront {}

  /**
   * Sharding's stop message: finish the write in flight and answer everyone waiting, then stop
   * (hand-off, passivation).
   */
  record Stop() implements ToFront {}

  /**
   * The slot catalog's answer for a slot whose ledger has no definition yet; {@code failure} is
   * null on success.
   */
  record CatalogAnswer(Optional<SlotDefinition> definition, Throwable failure) implements ToFront {}
}
