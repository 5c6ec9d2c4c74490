package com.reservation.engine.events.model;

import java.util.Arrays;
import java.util.Optional;

/** The public event types of the contract, by their wire names. */
public enum EventType {
  BOOKING_CONFIRMED("booking.confirmed"),
  BOOKING_CANCELLED("booking.cancelled"),
  HOLD_CREATED("hold.created"),
  HOLD_RELEASED("hold.released"),
  HOLD_EXPIRED("hold.expired"),
  WAITLIST_OFFERED("waitlist.offered");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<EventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
