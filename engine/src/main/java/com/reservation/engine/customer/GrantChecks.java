package com.reservation.engine.customer;

import java.util.concurrent.CompletionStage;

/**
 * How an allowance asks a slot whether the customer's booking, hold or entry there still uses a
 * grant.
 */
public interface GrantChecks {
  /** True while in use; false once nothing there uses it. Fails when the slot does not answer. */
  CompletionStage<Boolean> inUse(String slotId, String customerId, String grantId);
}
