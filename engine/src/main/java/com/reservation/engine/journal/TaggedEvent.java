package com.reservation.engine.journal;

/** One event read by tag, with where it is in the tag and in its entity's history. */
public record TaggedEvent<E>(
    TagOffset offset, String persistenceId, long sequenceNr, E event, long timestamp) {}
