package com.reservation.engine.journal;

import java.util.Set;

/**
 * One event as stored in {@code event_journal}, serialized, with the tags it is stored under in
 * {@code event_tag}. Metadata columns are null when the event has none.
 */
record JournalRow(
    String persistenceId,
    long sequenceNr,
    String writerUuid,
    long writeTimestamp,
    String adapterManifest,
    int serId,
    String serManifest,
    byte[] payload,
    Integer metaSerId,
    String metaSerManifest,
    byte[] metaPayload,
    Set<String> tags) {}
