package com.reservation.engine.slot;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.Map;

/** Facts about a slot, as stored in the journal. Each names its slot so the read model can project it. */
public sealed interface SlotEvent extends CborSerializable {
  String slotId();

  record SlotDefined(SlotDefinition definition) implements SlotEvent {
    @Override
    public String slotId() {
      return definition.slotId();
    }
  }

  record CapacityChanged(String slotId, int capacity) implements SlotEvent {}

  record SlotClosed(String slotId) implements SlotEvent {}

  record SlotOpened(String slotId) implements SlotEvent {}

  record SeatsBooked(
      String slotId,
      String bookingId,
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact,
      Instant bookedAt)
      implements SlotEvent {
    public SeatsBooked {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }
  }

  /** Carries the seats it frees so the read model needs no lookup. */
  record BookingCancelled(String slotId, String bookingId, int seats, Instant cancelledAt) implements SlotEvent {}
}
