package com.reservation.engine.slot.rules;

import java.time.Instant;

/**
 * A slot's numbers after a write, stored with it for the availability read model: absolute values,
 * so projecting a write is one idempotent update, and a later write of the slot corrects any
 * earlier one the read model missed. Events written before holds existed lack the last three: they
 * read as 0, 0 and null.
 *
 * @param held seats taken by holds that are neither confirmed, released nor expired
 * @param waiting waitlist entries still waiting (not offered)
 * @param nextExpiry when the slot's earliest hold expires (null without holds): slots due are woken
 *     by it
 */
public record SlotCounts(
    int capacity, int booked, boolean adminClosed, int held, int waiting, Instant nextExpiry) {

  /** A slot without holds or waitlist. */
  public SlotCounts(int capacity, int booked, boolean adminClosed) {
    this(capacity, booked, adminClosed, 0, 0, null);
  }
}
