package com.reservation.http.dto;

import java.time.Instant;

/**
 * The availability stream's {@code slot} event: a slot's numbers after a change. {@code changedAt}
 * (when the change was stored, absent when it was learnt from the read model) lets a viewer measure
 * how fresh it is.
 */
public record AvailabilitySlot(
    String slotId,
    int capacity,
    int booked,
    int held,
    int available,
    String status,
    Instant changedAt) {}
