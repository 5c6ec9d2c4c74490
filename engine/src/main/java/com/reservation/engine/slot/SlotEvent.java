package com.reservation.engine.slot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.privacy.keys.WithCustomerKeys;
import com.reservation.engine.serialization.CborSerializable;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a slot stores in the journal. Each write of a slot is one {@link Recorded} event: the facts
 * of a whole group-commit batch, plus the slot's counts after them (what the read model projects,
 * so a projection step is one absolute update per write, never a replay of the facts).
 *
 * <p>The other records are the first storage format (one event per fact). They are never written
 * any more but stay readable: a journal written by an earlier version recovers through {@link
 * #facts()}.
 */
public sealed interface SlotEvent extends CborSerializable {
  String slotId();

  /** The facts this event records, in the order they happened. */
  List<SlotFact> facts();

  /**
   * One write of a slot: its facts in order, and the counts after the last of them.
   *
   * @param counts the slot after these facts, for the read model
   * @param customerKeys the new contact keys sealing these facts' contact data: the journal stores
   *     them with this event, in their own table; never serialized, so empty once read back
   */
  record Recorded(
      String slotId,
      List<SlotFact> facts,
      SlotCounts counts,
      @JsonIgnore List<CustomerKeyRow> customerKeys)
      implements SlotEvent, WithCustomerKeys {
    public Recorded {
      facts = List.copyOf(facts);
      customerKeys = customerKeys == null ? List.of() : List.copyOf(customerKeys);
    }

    public Recorded(String slotId, List<SlotFact> facts, SlotCounts counts) {
      this(slotId, facts, counts, List.of());
    }
  }

  // The first storage format, one event per fact: read, never written.

  record SlotDefined(SlotDefinition definition) implements SlotEvent {
    @Override
    public String slotId() {
      return definition.slotId();
    }

    @Override
    public List<SlotFact> facts() {
      return List.of(new SlotFact.Defined(definition));
    }
  }

  record CapacityChanged(String slotId, int capacity) implements SlotEvent {
    @Override
    public List<SlotFact> facts() {
      return List.of(new SlotFact.CapacitySet(capacity));
    }
  }

  record SlotClosed(String slotId) implements SlotEvent {
    @Override
    public List<SlotFact> facts() {
      return List.of(new SlotFact.ClosedSet(true));
    }
  }

  record SlotOpened(String slotId) implements SlotEvent {
    @Override
    public List<SlotFact> facts() {
      return List.of(new SlotFact.ClosedSet(false));
    }
  }

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

    @Override
    public List<SlotFact> facts() {
      return List.of(
          new SlotFact.Booked(bookingId, customerId, seats, idempotencyKey, contact, bookedAt));
    }

    @Override
    public String toString() {
      return "SeatsBooked[slotId="
          + slotId
          + ", seats="
          + seats
          + ", contact=<"
          + contact.size()
          + " fields>]";
    }
  }

  /** Carries the seats it frees so the read model needs no lookup. */
  record BookingCancelled(String slotId, String bookingId, int seats, Instant cancelledAt)
      implements SlotEvent {
    @Override
    public List<SlotFact> facts() {
      return List.of(new SlotFact.Cancelled(bookingId, seats, cancelledAt));
    }
  }
}
