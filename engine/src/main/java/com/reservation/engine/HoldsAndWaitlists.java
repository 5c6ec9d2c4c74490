package com.reservation.engine;

import akka.cluster.sharding.typed.javadsl.EntityRef;
import com.reservation.engine.privacy.ContactVault;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.engine.venue.WaitlistPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Holds and waitlists as the HTTP front end sees them: commands to the slot, wherever it lives,
 * each with the caller's deadline; placing a hold and joining a waitlist go through the customer's
 * allowance when the venue has a limit.
 */
public final class HoldsAndWaitlists {
  private final Function<String, EntityRef<SlotCommand>> slots;
  private final VenueRepository venues;
  private final LimitedCalls limited;
  private final Duration askTimeout;
  private final Clock clock;
  private final ContactVault contacts;

  HoldsAndWaitlists(
      Function<String, EntityRef<SlotCommand>> slots,
      VenueRepository venues,
      LimitedCalls limited,
      Duration askTimeout,
      Clock clock,
      ContactVault contacts) {
    this.slots = slots;
    this.venues = venues;
    this.limited = limited;
    this.askTimeout = askTimeout;
    this.clock = clock;
    this.contacts = contacts;
  }

  /**
   * @param ttl null: the configured default; contact data is sealed before the slot sees it, as for
   *     a booking
   */
  public CompletionStage<HoldReply> hold(
      String slotId,
      String customerId,
      int seats,
      Duration ttl,
      String idempotencyKey,
      Map<String, String> contact) {
    Instant deadline = clock.instant().plus(askTimeout);
    // Sealed at once; a new key is stored by the slot's write, with the hold.
    ContactVault.Sealed sealed = contacts.seal(customerId, contact);
    return holdSealed(slotId, customerId, seats, ttl, idempotencyKey, sealed, deadline)
        .thenApply(reply -> contacts.learn(sealed, reply))
        .thenCompose(contacts::open);
  }

  private CompletionStage<HoldReply> holdSealed(
      String slotId,
      String customerId,
      int seats,
      Duration ttl,
      String idempotencyKey,
      ContactVault.Sealed contact,
      Instant deadline) {
    return limited.call(
        slotId,
        customerId,
        "hold",
        idempotencyKey,
        seats,
        deadline,
        grantId ->
            slots
                .apply(slotId)
                .ask(
                    replyTo ->
                        new SlotCommand.PlaceHold(
                            customerId,
                            seats,
                            ttl,
                            idempotencyKey,
                            contact.contact(),
                            grantId,
                            replyTo,
                            deadline,
                            contact.newKey()),
                    remaining(deadline)),
        rejected -> rejected);
  }

  public CompletionStage<BookingReply> confirm(String slotId, String holdId) {
    Instant deadline = clock.instant().plus(askTimeout);
    return slots
        .apply(slotId)
        .<BookingReply>ask(
            replyTo -> new SlotCommand.ConfirmHold(holdId, replyTo, deadline), askTimeout)
        .thenCompose(contacts::open);
  }

  public CompletionStage<HoldReply> release(String slotId, String holdId) {
    Instant deadline = clock.instant().plus(askTimeout);
    return slots
        .apply(slotId)
        .<HoldReply>ask(
            replyTo -> new SlotCommand.ReleaseHold(holdId, replyTo, deadline), askTimeout)
        .thenCompose(contacts::open);
  }

  public CompletionStage<HoldReply> getHold(String slotId, String holdId) {
    return slots
        .apply(slotId)
        .<HoldReply>ask(replyTo -> new SlotCommand.GetHold(holdId, replyTo), askTimeout)
        .thenCompose(contacts::open);
  }

  /**
   * Joins the slot's waitlist under its venue's policy (first come first served unless the venue
   * allows skipping).
   */
  public CompletionStage<WaitlistReply> join(
      String slotId, String customerId, int seats, Map<String, String> contact) {
    Instant deadline = clock.instant().plus(askTimeout);
    ContactVault.Sealed sealed = contacts.seal(customerId, contact);
    return joinSealed(slotId, customerId, seats, sealed, deadline)
        .thenApply(reply -> contacts.learn(sealed, reply))
        .thenCompose(contacts::open);
  }

  private CompletionStage<WaitlistReply> joinSealed(
      String slotId, String customerId, int seats, ContactVault.Sealed contact, Instant deadline) {
    return venues
        .find(LimitedCalls.venueIdOf(slotId))
        .thenCompose(
            venue -> {
              boolean firstFit =
                  venue.map(Venue::waitlistPolicy).orElse(WaitlistPolicy.FIFO)
                      == WaitlistPolicy.FIRST_FIT;
              return limited.call(
                  slotId,
                  customerId,
                  "join",
                  null,
                  seats,
                  deadline,
                  grantId ->
                      slots
                          .apply(slotId)
                          .ask(
                              replyTo ->
                                  new SlotCommand.JoinWaitlist(
                                      customerId,
                                      seats,
                                      contact.contact(),
                                      firstFit,
                                      grantId,
                                      replyTo,
                                      deadline,
                                      contact.newKey()),
                              remaining(deadline)),
                  rejected -> rejected);
            });
  }

  public CompletionStage<WaitlistReply> leave(String slotId, String entryId) {
    Instant deadline = clock.instant().plus(askTimeout);
    return slots
        .apply(slotId)
        .<WaitlistReply>ask(
            replyTo -> new SlotCommand.LeaveWaitlist(entryId, replyTo, deadline), askTimeout)
        .thenCompose(contacts::open);
  }

  public CompletionStage<WaitlistReply> getEntry(String slotId, String entryId) {
    return slots
        .apply(slotId)
        .<WaitlistReply>ask(replyTo -> new SlotCommand.GetEntry(entryId, replyTo), askTimeout)
        .thenCompose(contacts::open);
  }

  /** What is left until {@code deadline} (the slot refuses the command after it anyway). */
  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
  }
}
