package com.reservation.engine.events.live;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A slot's counts after one of its writes, as published to its venue-day's topic. Carries the
 * slot's times so a subscriber can add a slot defined after it loaded the day. No booking, no
 * customer, no contact.
 *
 * @param sequenceNr the journal sequence number of the write: newer counts have higher ones
 * @param changedAt when the write was durable (on the slot's node)
 */
public record SlotChange(
    String slotId,
    String venueId,
    LocalDateTime start,
    LocalDateTime end,
    Instant startInstant,
    long sequenceNr,
    int capacity,
    int booked,
    int held,
    boolean adminClosed,
    Instant changedAt)
    implements CborSerializable {}
