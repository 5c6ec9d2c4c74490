package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A slot as its entity sees it at one moment: exact, never stale. {@code available} = capacity -
 * booked - held; {@code waitlist} counts the entries still waiting.
 */
public record SlotView(
    String slotId,
    String venueId,
    LocalDateTime start,
    Instant startInstant,
    LocalDateTime end,
    int capacity,
    int booked,
    int available,
    SlotStatus status,
    int held,
    int waitlist)
    implements CborSerializable {}
