package com.reservation.http.dto;

import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /slots/{slotId}/holds}: a booking body plus {@code "ttlSeconds"} (optional: the
 * configured default). {@code contact} is optional personal data (never logged).
 */
public record HoldBody(
    String customerId, Integer seats, Integer ttlSeconds, Map<String, String> contact) {

  /** The hold a valid body asks for; {@code ttl} null means the default. */
  public record Valid(String customerId, int seats, Duration ttl, Map<String, String> contact) {
    /** No contact data, as for a booking's body. */
    @Override
    public String toString() {
      return "Valid[customerId="
          + customerId
          + ", seats="
          + seats
          + ", ttl="
          + ttl
          + ", contact=<"
          + (contact == null ? 0 : contact.size())
          + " fields>]";
    }
  }

  public Valid validate(int maxSeats, Duration minTtl, Duration maxTtl) {
    BookingBody.Valid booking = new BookingBody(customerId, seats, contact).validate(maxSeats);
    InvalidRequest.require(
        ttlSeconds == null
            || (ttlSeconds >= minTtl.toSeconds() && ttlSeconds <= maxTtl.toSeconds()),
        "ttlSeconds must be between " + minTtl.toSeconds() + " and " + maxTtl.toSeconds());
    Duration ttl = ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds);
    return new Valid(booking.customerId(), booking.seats(), ttl, booking.contact());
  }

  @Override
  public String toString() {
    return "HoldBody[customerId="
        + customerId
        + ", seats="
        + seats
        + ", ttlSeconds="
        + ttlSeconds
        + ", contact=<"
        + (contact == null ? 0 : contact.size())
        + " fields>]";
  }
}
