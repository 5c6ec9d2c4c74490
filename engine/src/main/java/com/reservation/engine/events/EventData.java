package com.reservation.engine.events;

/**
 * The {@code data} member of a public event, one record per event type; serialized in declaration order. None of them
 * carries contact data: {@code customerId} is the client's own key for the person, which downstream systems (payment,
 * records) need to link a booking; name, phone and the like stay with the booking.
 */
public sealed interface EventData {

  /** booking.confirmed */
  record BookingConfirmed(String bookingId, String customerId, int seats) implements EventData {}

  /** booking.cancelled */
  record BookingCancelled(String bookingId, int seats) implements EventData {}
}
