package com.reservation.engine.slot.api;

/** Whether a slot takes bookings: CLOSED when an admin closed it or when its start has passed. */
public enum SlotStatus {
  OPEN,
  CLOSED
}
