package com.reservation.http.dto;

import com.reservation.engine.waitingroom.LineOrder;
import com.reservation.engine.waitingroom.RoomSettings;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code PUT /admin/venues/{venueId}/waiting-room}: {@code opensAt} and {@code admitPerMinute}
 * required; {@code prequeueFrom} (default 30 minutes before {@code opensAt}), {@code maxActive},
 * {@code admissionTtlSeconds} (default 600), {@code order} (default {@code random-then-fifo}) and
 * {@code closesAt} optional. Instants are ISO-8601 with an offset, e.g. {@code
 * "2026-12-08T10:00:00Z"}.
 */
public record WaitingRoomBody(
    String opensAt,
    String prequeueFrom,
    Integer admitPerMinute,
    Integer maxActive,
    Integer admissionTtlSeconds,
    String order,
    String closesAt) {
  public static final int MIN_TTL = 60;
  public static final int MAX_TTL = 3600;
  public static final int DEFAULT_TTL = 600;
  public static final int MAX_ACTIVE = 10_000_000;

  public RoomSettings validate() {
    InvalidRequest.require(opensAt != null, "opensAt is required, e.g. \"2026-12-08T10:00:00Z\"");
    Instant opens = instant("opensAt", opensAt);
    Instant prequeue =
        prequeueFrom == null
            ? opens.minus(RoomSettings.DEFAULT_PREQUEUE)
            : instant("prequeueFrom", prequeueFrom);
    InvalidRequest.require(!prequeue.isAfter(opens), "prequeueFrom must not be after opensAt");
    InvalidRequest.require(
        admitPerMinute != null
            && admitPerMinute >= 1
            && admitPerMinute <= RoomSettings.MAX_ADMIT_PER_MINUTE,
        "admitPerMinute is required, between 1 and " + RoomSettings.MAX_ADMIT_PER_MINUTE);
    InvalidRequest.require(
        maxActive == null || (maxActive >= 1 && maxActive <= MAX_ACTIVE),
        "maxActive must be between 1 and " + MAX_ACTIVE + " (leave it out for no bound)");
    int ttl = admissionTtlSeconds == null ? DEFAULT_TTL : admissionTtlSeconds;
    InvalidRequest.require(
        ttl >= MIN_TTL && ttl <= MAX_TTL,
        "admissionTtlSeconds must be between " + MIN_TTL + " and " + MAX_TTL);
    LineOrder lineOrder =
        order == null
            ? LineOrder.RANDOM_THEN_FIFO
            : LineOrder.ofWireName(order)
                .orElseThrow(
                    () -> new InvalidRequest("order must be random-then-fifo, fifo or random"));
    Instant closes = closesAt == null ? null : instant("closesAt", closesAt);
    InvalidRequest.require(
        closes == null || closes.isAfter(opens), "closesAt must be after opensAt");
    return new RoomSettings(
        opens, prequeue, admitPerMinute, maxActive == null ? 0 : maxActive, ttl, lineOrder, closes);
  }

  private static Instant instant(String field, String text) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRequest(
          field + " must be an instant with an offset, e.g. \"2026-12-08T10:00:00Z\"");
    }
  }
}
