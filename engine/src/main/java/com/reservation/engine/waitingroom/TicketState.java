package com.reservation.engine.waitingroom;

/** Where a ticket stands. */
public enum TicketState {
  /** Joined before the opening; the place in line is decided at the opening. */
  PREQUEUED,
  /** In line. */
  WAITING,
  /** Let in: the admission token books until it expires. */
  ADMITTED,
  /** The admission expired. */
  EXPIRED
}
