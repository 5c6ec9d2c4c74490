package com.reservation.engine.customer;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What the per-customer allowance entities of earlier versions stored (their class names are in the
 * journal). Only read, when a bucket imports them ({@link EarlierAllowances}); new facts are {@link
 * BucketEvent}s.
 */
public sealed interface AllowanceEvent extends CborSerializable {

  /**
   * An allowance was granted for a booking, hold or waitlist entry in {@code slotId}, asked for
   * before {@code deadline}.
   */
  record Granted(String grantId, String slotId, Instant slotStart, Instant deadline)
      implements AllowanceEvent {}

  /** These grants are no longer used. */
  record Released(List<String> grantIds) implements AllowanceEvent {
    public Released {
      grantIds = List.copyOf(grantIds);
    }
  }
}
