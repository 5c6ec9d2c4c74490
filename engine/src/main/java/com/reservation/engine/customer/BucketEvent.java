package com.reservation.engine.customer;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What an allowance bucket stores: facts about the allowances of the customers it serves. */
public sealed interface BucketEvent extends CborSerializable {

  /**
   * {@code customerId} was granted an allowance for a booking, hold or waitlist entry in {@code
   * slotId}, asked for before {@code deadline}.
   */
  record Granted(
      String customerId, String grantId, String slotId, Instant slotStart, Instant deadline)
      implements BucketEvent {}

  /** These grants of {@code customerId} are no longer used (or their slots have started). */
  record Released(String customerId, List<String> grantIds) implements BucketEvent {
    public Released {
      grantIds = List.copyOf(grantIds);
    }
  }

  /**
   * The bucket's first event: the allowances its customers had in the per-customer entities of
   * earlier versions (empty on a store that never had them).
   */
  record Imported(Map<String, AllowanceState> customers) implements BucketEvent {
    public Imported {
      customers = Map.copyOf(customers);
    }
  }
}
