package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;

/** Reply to the commands about the slot itself: define, change capacity, open/close, get. */
public sealed interface SlotReply extends CborSerializable permits SlotReply.Current, Rejected {

  /**
   * The slot as it is after the command; {@code changed} is false when the command found it already
   * so.
   */
  record Current(SlotView slot, boolean changed) implements SlotReply {}
}
