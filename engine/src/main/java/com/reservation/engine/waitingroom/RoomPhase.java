package com.reservation.engine.waitingroom;

/** Where a room stands in time. */
public enum RoomPhase {
  /** Before {@code opensAt}: people join, nobody is admitted, bookings need an admission. */
  PREQUEUE("prequeue"),
  /** Between {@code opensAt} and {@code closesAt}: people are admitted at the room's rate. */
  QUEUEING("queueing"),
  /** After {@code closesAt}: bookings pass freely. */
  PASSTHROUGH("passthrough");

  private final String wireName;

  RoomPhase(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
