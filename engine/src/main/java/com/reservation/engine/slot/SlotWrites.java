package com.reservation.engine.slot;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.SlotCounts;

/**
 * Who hears, on this node, of each durable write of a slot: its definition, the sequence number of
 * the write and the counts after it. One call per write (a batch of bookings is one write), made by
 * the slot after its callers were answered; a listener must only hand the news on (a tell), never
 * block. Nobody listens by default.
 */
public final class SlotWrites implements Extension {
  /** Hears of a slot's writes. */
  @FunctionalInterface
  public interface Listener {
    void written(SlotDefinition definition, long sequenceNr, SlotCounts counts);
  }

  private static final ExtensionId<SlotWrites> ID =
      new ExtensionId<>() {
        @Override
        public SlotWrites createExtension(ActorSystem<?> system) {
          return new SlotWrites();
        }
      };

  private volatile Listener listener = (definition, sequenceNr, counts) -> {};

  private SlotWrites() {}

  public static SlotWrites get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** Replaces the listener (the node's live availability publisher). */
  public void listen(Listener listener) {
    this.listener = listener;
  }

  void written(SlotDefinition definition, long sequenceNr, SlotCounts counts) {
    listener.written(definition, sequenceNr, counts);
  }
}
