package com.reservation.http.dto;

/** {@code POST /venues/{venueId}/waiting-room/tickets}: {@code {"customerId": "c-1"}}. */
public record TicketBody(String customerId) {
  public String validCustomerId() {
    InvalidRequest.require(
        customerId != null && BookingBody.isCustomerId(customerId),
        "customerId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    return customerId;
  }
}
