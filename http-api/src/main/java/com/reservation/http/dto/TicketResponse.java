package com.reservation.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.reservation.engine.waitingroom.TicketView;
import java.time.Instant;

/**
 * A waiting-room ticket: {@code position} (1 + people ahead) while {@code WAITING}, null otherwise;
 * {@code admission} and {@code admissionExpiresAt} only while {@code ADMITTED}.
 */
public record TicketResponse(
    String ticketId,
    String customerId,
    String state,
    @JsonInclude(JsonInclude.Include.ALWAYS) Integer position,
    long estimatedWaitSeconds,
    Instant opensAt,
    String admission,
    Instant admissionExpiresAt) {

  public static TicketResponse of(TicketView ticket) {
    return new TicketResponse(
        ticket.ticketId(),
        ticket.customerId(),
        ticket.state().name(),
        ticket.position(),
        ticket.estimatedWaitSeconds(),
        ticket.opensAt(),
        ticket.admission(),
        ticket.admissionExpiresAt());
  }

  public byte[] toJsonBytes() {
    return Json.bytes(this);
  }
}
