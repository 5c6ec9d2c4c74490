package com.reservation.engine;

import com.reservation.engine.customer.CustomerLimits;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A slot command that takes seats (book, hold, join the waitlist), sent directly when the slot's
 * venue has no per-customer limit and within the customer's allowance when it has one. The venue
 * comes from the per-node cache the HTTP layer has just filled, so for a venue without a limit this
 * adds one map lookup and nothing else: no customer entity, no extra message.
 */
final class LimitedCalls {
  private final VenueRepository venues;
  private final CustomerLimits limits;

  LimitedCalls(VenueRepository venues, CustomerLimits limits) {
    this.venues = venues;
    this.limits = limits;
  }

  /**
   * @param kind what the command is ("book", "hold", "join"), so one key used on two endpoints gets
   *     two grants
   * @param ask sends the command to the slot with the given grant id (null: no limit) and {@code
   *     deadline}
   */
  <R> CompletionStage<R> call(
      String slotId,
      String customerId,
      String kind,
      String idempotencyKey,
      int seats,
      Instant deadline,
      Function<String, CompletionStage<R>> ask,
      Function<Rejected, R> refused) {
    CompletableFuture<Optional<Venue>> venue = venues.find(venueIdOf(slotId)).toCompletableFuture();
    if (venue.isDone() && !venue.isCompletedExceptionally()) {
      return call(
          venue.join(), slotId, customerId, kind, idempotencyKey, seats, deadline, ask, refused);
    }
    return venue.thenCompose(
        v -> call(v, slotId, customerId, kind, idempotencyKey, seats, deadline, ask, refused));
  }

  private <R> CompletionStage<R> call(
      Optional<Venue> venue,
      String slotId,
      String customerId,
      String kind,
      String idempotencyKey,
      int seats,
      Instant deadline,
      Function<String, CompletionStage<R>> ask,
      Function<Rejected, R> refused) {
    if (venue.isEmpty() || !venue.get().hasCustomerLimit()) return ask.apply(null);
    String grantId = CustomerLimits.grantId(kind, slotId, idempotencyKey, seats);
    return limits.withAllowance(venue.get(), slotId, customerId, grantId, deadline, ask, refused);
  }

  /** Venue ids contain no '_', so a slot id's venue is what comes before the first one. */
  static String venueIdOf(String slotId) {
    int underscore = slotId.indexOf('_');
    return underscore > 0 ? slotId.substring(0, underscore) : slotId;
  }
}
