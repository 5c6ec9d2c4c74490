package com.reservation.engine;

import akka.actor.typed.ActorRef;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import com.reservation.engine.customer.CustomerLimits;
import com.reservation.engine.privacy.ContactVault;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.venue.Venue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The one pipeline of the commands that take seats (book, hold, join a waitlist), for a slot its
 * caller has resolved: the caller's deadline, its contact data sealed, the customer's allowance
 * when the venue has a per-customer limit, the ask, then what the answer teaches (a new contact key
 * is stored) and the answer made ready for the caller. At a venue without a limit the allowance
 * step costs nothing: no customer entity, no extra message.
 */
final class SeatCommands {

  /**
   * What a caller asks for.
   *
   * @param kind what the command is ("book", "hold", "join"), so one idempotency key used on two
   *     endpoints gets two grants
   * @param idempotencyKey null: none (a retry is a new request)
   */
  record Request(
      String kind,
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact) {
    /** The customer and contact data are personal: never printed. */
    @Override
    public String toString() {
      return "Request[kind=" + kind + ", seats=" + seats + "]";
    }
  }

  /** Makes the slot command once its contact data is sealed and its grant known. */
  @FunctionalInterface
  interface Command<R> {
    /**
     * @param grantId the allowance the command uses; null when the venue has no per-customer limit
     */
    SlotCommand make(
        ContactVault.Sealed contact, String grantId, Instant deadline, ActorRef<R> replyTo);
  }

  private final Function<String, EntityRef<SlotCommand>> slots;
  private final CustomerLimits limits;
  private final ContactVault contacts;
  private final Clock clock;
  private final Duration askTimeout;

  SeatCommands(
      Function<String, EntityRef<SlotCommand>> slots,
      CustomerLimits limits,
      ContactVault contacts,
      Clock clock,
      Duration askTimeout) {
    this.slots = slots;
    this.limits = limits;
    this.contacts = contacts;
    this.clock = clock;
    this.askTimeout = askTimeout;
  }

  /**
   * Runs the pipeline once.
   *
   * @param refused the answer for a customer at the venue's limit
   * @param answer the reply made ready for the caller (its contact data opened)
   */
  <R> CompletionStage<R> take(
      SeatTarget target,
      Request request,
      Command<R> command,
      Function<Rejected, R> refused,
      Function<R, CompletionStage<R>> answer) {
    // The deadline starts before anything else: a slow key lookup never takes a seat for a caller
    // who left.
    Instant deadline = deadline();
    // Sealed here, at once: a key this node knows is stored, or a new one the slot's write stores
    // with the command's outcome (a refusal stores nothing and costs no database work).
    ContactVault.Sealed sealed = contacts.seal(request.customerId(), request.contact());
    EntityRef<SlotCommand> slot = slots.apply(target.slotId());
    Function<String, CompletionStage<R>> ask =
        grantId ->
            slot.ask(
                replyTo -> command.make(sealed, grantId, deadline, replyTo), remaining(deadline));
    return withinAllowance(target, request, deadline, ask, refused)
        .thenApply(reply -> contacts.learn(sealed, reply))
        .thenCompose(answer);
  }

  private <R> CompletionStage<R> withinAllowance(
      SeatTarget target,
      Request request,
      Instant deadline,
      Function<String, CompletionStage<R>> ask,
      Function<Rejected, R> refused) {
    Venue venue = target.venue();
    if (!venue.hasCustomerLimit()) return ask.apply(null);
    String grantId =
        CustomerLimits.grantId(
            request.kind(), target.slotId(), request.idempotencyKey(), request.seats());
    return limits.withAllowance(
        venue,
        target.slotId(),
        target.startsAt(),
        request.customerId(),
        grantId,
        deadline,
        remaining(deadline),
        ask,
        refused);
  }

  /** When a caller asking now stops waiting: the slot refuses to decide its command after that. */
  Instant deadline() {
    return clock.instant().plus(askTimeout);
  }

  /** What is left until {@code deadline}, at least a millisecond (an ask needs a timeout). */
  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
  }
}
