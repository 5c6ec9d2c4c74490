package com.reservation.engine.slot.api;

public enum BookingStatus {
  CONFIRMED,
  CANCELLED
}
