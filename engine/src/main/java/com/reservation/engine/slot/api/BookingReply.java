package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;

/** Reply to the commands about one booking: book, cancel, get. */
public sealed interface BookingReply extends CborSerializable
    permits BookingReply.Booking, Rejected {

  /**
   * The booking; {@code changed} is true when this command created (or cancelled) it and false when
   * it returns an earlier outcome (an idempotent retry, a repeated cancel, a lookup).
   */
  record Booking(BookingView booking, boolean changed) implements BookingReply {}
}
