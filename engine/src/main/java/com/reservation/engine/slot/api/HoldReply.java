package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;

/**
 * Reply to the commands about one hold: hold, release, get. (Confirming answers with the booking.)
 */
public sealed interface HoldReply extends CborSerializable permits HoldReply.Current, Rejected {

  /**
   * The hold; {@code changed} is true when this command made (or released) it, false for an earlier
   * outcome.
   */
  record Current(HoldView hold, boolean changed) implements HoldReply {}
}
