package com.reservation.engine.slot;

public enum BookingStatus {
  CONFIRMED,
  CANCELLED
}
