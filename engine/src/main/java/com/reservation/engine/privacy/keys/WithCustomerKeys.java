package com.reservation.engine.privacy.keys;

import java.util.List;

/**
 * An event that brings contact keys to store with it: the journal writes them in the same statement
 * as the event's row and never serializes them into the event.
 */
public interface WithCustomerKeys {
  /** The keys to store with this event (empty for most events, and for every replayed one). */
  List<CustomerKeyRow> customerKeys();
}
