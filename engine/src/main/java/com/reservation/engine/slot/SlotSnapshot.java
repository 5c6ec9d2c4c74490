package com.reservation.engine.slot;

import com.reservation.engine.serialization.CborSerializable;
import java.util.List;

/** The stored form of a {@link SlotState}: the bookings as a list, from which the indexes are rebuilt. */
public record SlotSnapshot(SlotDefinition definition, int capacity, boolean adminClosed, List<Booking> bookings)
    implements CborSerializable {
  public SlotSnapshot {
    bookings = bookings == null ? List.of() : List.copyOf(bookings);
  }
}
