package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;

/** Reply to a customer allowance asking whether a grant it made is still used in this slot. */
public sealed interface GrantReply extends CborSerializable permits GrantReply.Status, Rejected {

  /**
   * {@code active}: the customer's confirmed booking, hold or waitlist entry in this slot carries
   * the grant. False is final once the grant's deadline has passed: the slot refuses commands past
   * their deadline, so nothing can take the grant any more.
   */
  record Status(boolean active) implements GrantReply {}
}
