package com.reservation.engine.customer;

import com.reservation.engine.serialization.CborSerializable;

/** A customer allowance's answer to a reservation. */
public sealed interface AllowanceReply extends CborSerializable {

  /** The allowance is granted (now or earlier, for the same grant id): ask the slot with it. */
  record Granted(String grantId) implements AllowanceReply {}

  /**
   * The customer already uses {@code limit} allowances in the venue's slots that have not started.
   */
  record LimitReached(int limit) implements AllowanceReply {}
}
