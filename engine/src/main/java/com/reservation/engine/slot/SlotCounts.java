package com.reservation.engine.slot;

/**
 * A slot's numbers after a write, stored with it for the availability read model: absolute values, so projecting a
 * write is one idempotent update, and a later write of the slot corrects any earlier one the read model missed.
 */
public record SlotCounts(int capacity, int booked, boolean adminClosed) {}
