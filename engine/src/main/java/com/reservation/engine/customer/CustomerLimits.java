package com.reservation.engine.customer;

import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.venue.Venue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The saga that keeps a venue's per-customer limit across slots and nodes, in two idempotent steps
 * with one deadline:
 *
 * <ol>
 *   <li>the customer's allowance bucket grants one allowance (stored before it answers; the same
 *       grant id is granted once);
 *   <li>the slot books, holds or enqueues with that grant id, or refuses; it refuses anything past
 *       the deadline.
 * </ol>
 *
 * A definite refusal by the slot gives the allowance back at once. When the outcome is unknown (the
 * slot answered "unavailable", or did not answer in time) the grant stays: the slot may have used
 * it, and the allowance finds out by asking the slot once the deadline has passed (see {@link
 * AllowanceBucket}). A caller killed between the steps leaves the same state. Nothing is locked and
 * no transaction spans slots.
 */
public final class CustomerLimits {
  private final ClusterSharding sharding;

  public CustomerLimits(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  /**
   * The grant id of a request: derived from its idempotency key when it has one, so a retried
   * request asks for the same grant (granted once) and finds the same booking; random otherwise.
   */
  public static String grantId(String kind, String slotId, String idempotencyKey, int seats) {
    if (idempotencyKey == null) return UUID.randomUUID().toString();
    // The seats too: a key reused for another request gets another grant, so its refusal frees only
    // its own.
    String request = kind + "\n" + slotId + "\n" + seats + "\n" + idempotencyKey;
    return UUID.nameUUIDFromBytes(request.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * Runs {@code step} (the slot command, given the grant id) within the customer's allowance at
   * {@code venue}, whose limit must be set. A customer at the limit gets {@code refused} with
   * CUSTOMER_LIMIT_REACHED and the slot is not asked.
   *
   * @param slotStart when the slot starts: the grant stops counting then
   * @param deadline when the caller stops waiting: the slot command must carry it too
   * @param timeout how long the allowance may take to answer: what is left until {@code deadline}
   */
  public <R> CompletionStage<R> withAllowance(
      Venue venue,
      String slotId,
      Instant slotStart,
      String customerId,
      String grantId,
      Instant deadline,
      Duration timeout,
      Function<String, CompletionStage<R>> step,
      Function<Rejected, R> refused) {
    int limit = venue.maxActiveBookingsPerCustomer();
    EntityRef<AllowanceCommand> allowance =
        sharding.entityRefFor(
            AllowanceBucket.ENTITY_KEY, AllowanceBucket.entityId(venue.venueId(), customerId));
    return allowance
        .<AllowanceReply>ask(
            replyTo ->
                new AllowanceCommand.Reserve(
                    customerId, grantId, slotId, slotStart, deadline, limit, replyTo),
            timeout)
        .thenCompose(
            reply -> {
              if (reply instanceof AllowanceReply.LimitReached reached) {
                return CompletableFuture.completedFuture(
                    refused.apply(
                        new Rejected(
                            RejectionReason.CUSTOMER_LIMIT_REACHED,
                            "This customer already has "
                                + reached.limit()
                                + " active booking(s) and hold(s) at this venue, its limit.")));
              }
              return step.apply(grantId)
                  .whenComplete(
                      (result, failure) -> {
                        if (failure == null
                            && result instanceof Rejected rejected
                            && refusedForSure(rejected)) {
                          allowance.tell(new AllowanceCommand.Refused(customerId, grantId));
                        }
                      });
            });
  }

  /**
   * A refusal after which the slot certainly does not use the grant. Not "outcome unknown"
   * (unavailable), and not "the customer already has a booking, hold or entry here": that one may
   * be this very request's earlier attempt, which the slot recorded with the same grant and whose
   * answer was lost (a waitlist join carries no idempotency key, and a slot forgets keys of what
   * ended past its history bounds). Such a grant is settled by asking the slot once its deadline
   * has passed, like any grant whose outcome is unknown. (Found by the fault simulation: a retried
   * join refused as already queued gave back the grant its first attempt was using.)
   */
  public static boolean refusedForSure(Rejected rejected) {
    return rejected.reason() != RejectionReason.UNAVAILABLE
        && rejected.reason() != RejectionReason.ALREADY_BOOKED;
  }
}
