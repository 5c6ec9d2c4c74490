package com.reservation.engine.customer;

import akka.actor.typed.ActorRef;
import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * What a customer allowance accepts. Reserve and Release come from other nodes; Reconciled is its
 * own.
 */
public sealed interface AllowanceCommand {

  /**
   * Asks for one allowance of the venue's limit, for a booking, hold or waitlist entry in {@code
   * slotId} that the caller will ask the slot for with this {@code deadline}. Idempotent per {@code
   * grantId}.
   *
   * @param slotStart when the slot starts: a grant stops counting then
   * @param limit the venue's maxActiveBookingsPerCustomer now
   */
  record Reserve(
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
  record Release(String grantId) implements AllowanceCommand, CborSerializable {}

  /** The saga reports that the slot refused the command that was to use the grant. */
  record Refused(String grantId) implements AllowanceCommand, CborSerializable {}

  /**
   * The slots answered about the grants in {@code checked}: those in {@code ended} are no longer
   * used.
   */
  record Reconciled(List<String> checked, List<String> ended) implements AllowanceCommand {}
}
