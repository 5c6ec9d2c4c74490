package com.reservation.http.dto;

import com.reservation.engine.slot.api.SlotStatus;
import java.util.Optional;

/**
 * {@code PATCH /admin/slots/{slotId}}: {@code {"capacity": 120}} or {@code {"status": "CLOSED"}}
 * (or both: the capacity is applied first).
 */
public record SlotPatchBody(Integer capacity, String status) {

  public Optional<Integer> validCapacity(int maxCapacity) {
    if (capacity == null) return Optional.empty();
    InvalidRequest.require(
        capacity >= 1 && capacity <= maxCapacity, "capacity must be between 1 and " + maxCapacity);
    return Optional.of(capacity);
  }

  public Optional<SlotStatus> validStatus() {
    if (status == null) return Optional.empty();
    InvalidRequest.require(
        status.equals("OPEN") || status.equals("CLOSED"), "status must be \"OPEN\" or \"CLOSED\"");
    return Optional.of(SlotStatus.valueOf(status));
  }

  public void requireChange() {
    InvalidRequest.require(
        capacity != null || status != null,
        "send {\"capacity\": n} or {\"status\": \"OPEN\" | \"CLOSED\"}");
  }
}
