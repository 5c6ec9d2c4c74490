package com.reservation.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.reservation.engine.waitingroom.WaitingRooms;
import java.time.Instant;

/**
 * A room as admins see it: its settings and where it stands ({@code state}: prequeue, queueing or
 * passthrough; people waiting, admitted so far, admitted and not expired; the wait at the line's
 * end). {@code maxActive} and {@code closesAt} are null when not set.
 */
public record WaitingRoomResponse(
    String venueId,
    Instant opensAt,
    Instant prequeueFrom,
    int admitPerMinute,
    @JsonInclude(JsonInclude.Include.ALWAYS) Integer maxActive,
    int admissionTtlSeconds,
    String order,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant closesAt,
    String state,
    int waiting,
    int admitted,
    int active,
    long estimatedWaitSeconds) {

  public static WaitingRoomResponse of(WaitingRooms.RoomStatus status) {
    var s = status.settings();
    return new WaitingRoomResponse(
        status.venueId(),
        s.opensAt(),
        s.prequeueFrom(),
        s.admitPerMinute(),
        s.hasMaxActive() ? s.maxActive() : null,
        s.admissionTtlSeconds(),
        s.order().wireName(),
        s.closesAt(),
        status.phase().wireName(),
        status.waiting(),
        status.admitted(),
        status.active(),
        status.estimatedWaitSeconds());
  }
}
