package com.reservation.engine.availability;

import com.reservation.engine.slot.api.SlotStatus;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One slot of a day's timetable, as the read model knows it (possibly a little behind the slot
 * itself). {@code available} = capacity - booked - held; {@code waitlist} counts the entries still
 * waiting.
 */
public record TimetableSlot(
    String slotId,
    LocalDateTime start,
    Instant startInstant,
    LocalDateTime end,
    int capacity,
    int booked,
    int available,
    SlotStatus status,
    int held,
    int waitlist) {}
