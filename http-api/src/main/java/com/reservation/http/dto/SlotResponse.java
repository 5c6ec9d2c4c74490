package com.reservation.http.dto;

import com.reservation.engine.slot.api.SlotView;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A slot as its entity answers it: exact, never stale. {@code available} = capacity - booked -
 * held; {@code waitlist} counts the entries waiting.
 */
public record SlotResponse(
    String slotId,
    String venueId,
    LocalDateTime start,
    Instant startInstant,
    LocalDateTime end,
    int capacity,
    int booked,
    int available,
    String status,
    int held,
    int waitlist) {

  /**
   * The body as the mapper writes it (members in declaration order, nulls left out, local times as
   * {@link LocalDateTime#toString}, instants as {@link Instant#toString}), written straight into
   * bytes.
   */
  public byte[] toJsonBytes() {
    JsonBytes json = new JsonBytes(256, JsonBytes.Surrogates.ESCAPED);
    json.raw('{');
    boolean first = true;
    first = member(json, first, "slotId", slotId);
    first = member(json, first, "venueId", venueId);
    first = member(json, first, "start", start == null ? null : start.toString());
    first =
        member(json, first, "startInstant", startInstant == null ? null : startInstant.toString());
    first = member(json, first, "end", end == null ? null : end.toString());
    if (!first) json.raw(',');
    json.name("capacity").number(capacity);
    json.raw(',').name("booked").number(booked);
    json.raw(',').name("available").number(available);
    if (status != null) json.raw(',').name("status").string(status);
    json.raw(',').name("held").number(held);
    json.raw(',').name("waitlist").number(waitlist);
    return json.raw('}').toByteArray();
  }

  private static boolean member(JsonBytes json, boolean first, String name, String value) {
    if (value == null) return first;
    if (!first) json.raw(',');
    json.name(name).string(value);
    return false;
  }

  public static SlotResponse of(SlotView view) {
    return new SlotResponse(
        view.slotId(),
        view.venueId(),
        view.start(),
        view.startInstant(),
        view.end(),
        view.capacity(),
        view.booked(),
        view.available(),
        view.status().name(),
        view.held(),
        view.waitlist());
  }
}
