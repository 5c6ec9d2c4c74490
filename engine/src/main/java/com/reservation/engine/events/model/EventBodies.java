package com.reservation.engine.events.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * The JSON body of a public event as a webhook receives it: {@code {"id", "type", "occurredAt",
 * "slotId", "venueId", "data"}}. Built once per event and stored, so every attempt sends (and
 * signs) exactly the same bytes.
 */
public final class EventBodies {
  /** The body's members, in this order. */
  record Body(
      String id, String type, Instant occurredAt, String slotId, String venueId, EventData data) {}

  private static final ObjectWriter WRITER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build()
          .writerFor(Body.class);

  private EventBodies() {}

  public static byte[] json(PublicEvent event) {
    try {
      return WRITER.writeValueAsBytes(
          new Body(
              event.id(),
              event.type().wireName(),
              event.occurredAt(),
              event.slotId(),
              event.venueId(),
              event.data()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize event " + event.id(), e);
    }
  }
}
