package com.reservation.engine.slot;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to a slot. A slot writes the facts of a whole group-commit batch as one journal event
 * ({@link SlotEvent.Recorded}), in the order they were decided; the state applies them in that order.
 *
 * <p>Facts are nested in an event, so they carry their type by name (Jackson's {@code "t"} member). Names are part of
 * the stored format: never rename one; add new facts with new names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SlotFact.Defined.class, name = "defined"),
  @JsonSubTypes.Type(value = SlotFact.Booked.class, name = "booked"),
  @JsonSubTypes.Type(value = SlotFact.Cancelled.class, name = "cancelled"),
  @JsonSubTypes.Type(value = SlotFact.CapacitySet.class, name = "capacity"),
  @JsonSubTypes.Type(value = SlotFact.ClosedSet.class, name = "closed")
})
public sealed interface SlotFact {

  /** The slot came into being with this definition (always a slot's first fact). */
  record Defined(SlotDefinition definition) implements SlotFact {}

  /**
   * Seats were booked. {@code idempotencyKey} is null when the caller sent none; {@code contact} is personal data,
   * kept with the booking only.
   */
  record Booked(
      String bookingId, String customerId, int seats, String idempotencyKey, Map<String, String> contact, Instant at)
      implements SlotFact {
    public Booked {
      contact = contact == null ? Map.of() : Map.copyOf(contact);
    }

    @Override
    public String toString() {
      return "Booked[seats=" + seats + ", at=" + at + ", contact=<" + contact.size() + " fields>]";
    }
  }

  /** A confirmed booking was cancelled; it carries the seats it frees. */
  record Cancelled(String bookingId, int seats, Instant at) implements SlotFact {}

  /** An admin set the slot's capacity. */
  record CapacitySet(int capacity) implements SlotFact {}

  /** An admin closed ({@code true}) or reopened ({@code false}) the slot for booking. */
  record ClosedSet(boolean closed) implements SlotFact {}
}
