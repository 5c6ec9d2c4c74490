package com.reservation.engine.journal;

import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.privacy.keys.WithCustomerKeys;
import java.util.List;
import java.util.Set;

/**
 * One event as stored in {@code event_journal}, serialized, with the tags it is stored under in
 * {@code event_tag}. Metadata columns are null when the event has none. {@code customerKeys} are
 * written with it, in the same statement ({@link WithCustomerKeys}).
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
    Set<String> tags,
    List<CustomerKeyRow> customerKeys) {}
