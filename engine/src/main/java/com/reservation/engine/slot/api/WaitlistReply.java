package com.reservation.engine.slot.api;

import com.reservation.engine.serialization.CborSerializable;

/** Reply to the commands about one waitlist entry: join, leave, get. */
public sealed interface WaitlistReply extends CborSerializable
    permits WaitlistReply.Current, Rejected {

  /** The entry; {@code changed} is true when this command made it (or made it leave). */
  record Current(EntryView entry, boolean changed) implements WaitlistReply {}
}
