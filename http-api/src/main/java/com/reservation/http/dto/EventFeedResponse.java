package com.reservation.http.dto;

import com.reservation.engine.events.EventFeed;
import com.reservation.engine.events.model.EventData;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /admin/events}: public events in journal order, each with the offset to resume after
 * it, and {@code next} (the offset to pass as {@code after} for the following page; the same one
 * when nothing new came).
 */
public record EventFeedResponse(List<Event> events, String next) {

  /** One event; the same members as a webhook body, plus its offset. */
  public record Event(
      String offset,
      String id,
      String type,
      Instant occurredAt,
      String slotId,
      String venueId,
      EventData data) {}

  public static EventFeedResponse of(EventFeed.Page page) {
    return new EventFeedResponse(
        page.events().stream()
            .map(
                e ->
                    new Event(
                        e.position().format(),
                        e.event().id(),
                        e.event().type().wireName(),
                        e.event().occurredAt(),
                        e.event().slotId(),
                        e.event().venueId(),
                        e.event().data()))
            .toList(),
        page.next().format());
  }
}
