package com.reservation.engine.events.model;

import java.time.Instant;

/**
 * One event as it leaves the engine (webhook body, pull feed entry). {@code id} is stable: the
 * slot, the journal sequence number of the write that recorded it and the index of its fact in that
 * write, so every re-delivery and every re-read carries the same id. {@code data} never holds
 * contact data.
 *
 * @param factIndex the index of the fact in its journal event (a consumer's position may stop
 *     inside an event)
 */
public record PublicEvent(
    String id,
    EventType type,
    Instant occurredAt,
    String slotId,
    String venueId,
    EventData data,
    int factIndex) {

  public static String id(String slotId, long sequenceNr, int factIndex) {
    return slotId + ":" + sequenceNr + ":" + factIndex;
  }
}
