package com.reservation.engine.customer;

import akka.actor.typed.ActorRef;
import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an allowance bucket accepts. Reserve, Release and Refused come from other nodes and name the
 * customer they are about; the others are the bucket's own.
 */
public sealed interface AllowanceCommand {

  /**
   * Asks for one allowance of the venue's limit for {@code customerId}, for a booking, hold or
   * waitlist entry in {@code slotId} that the caller will ask the slot for with this {@code
   * deadline}. Idempotent per customer and {@code grantId}.
   *
   * @param slotStart when the slot starts: a grant stops counting then
   * @param limit the venue's maxActiveBookingsPerCustomer now
   */
  record Reserve(
      String customerId,
      String grantId,
      String slotId,
      Instant slotStart,
      Instant deadline,
      int limit,
      ActorRef<AllowanceReply> replyTo)
      implements AllowanceCommand, CborSerializable {}

  /**
   * The slot reports the grant ended: its booking was cancelled, its hold or entry ended.
   * Idempotent.
   */
  record Release(String customerId, String grantId) implements AllowanceCommand, CborSerializable {}

  /** The saga reports that the slot refused the command that was to use the grant. */
  record Refused(String customerId, String grantId) implements AllowanceCommand, CborSerializable {}

  /**
   * The slots answered about the customer's grants in {@code checked}: those in {@code ended} are
   * no longer used.
   */
  record Reconciled(String customerId, List<String> checked, List<String> ended)
      implements AllowanceCommand {}

  /** The bucket's timer: forget grants whose slots have started, for every customer at once. */
  record ForgetStarted() implements AllowanceCommand {}

  /**
   * A new bucket's look-up of the customers with allowances an earlier version stored per customer;
   * {@code failure} is null on success.
   */
  record EarlierCustomersListed(List<String> customers, Throwable failure)
      implements AllowanceCommand {}

  /**
   * A new bucket's look-up of allowances an earlier version stored per customer; {@code failure} is
   * null on success.
   */
  record EarlierAllowancesFound(Map<String, AllowanceState> customers, Throwable failure)
      implements AllowanceCommand {}
}
