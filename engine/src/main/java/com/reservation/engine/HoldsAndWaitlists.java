package com.reservation.engine;

import akka.cluster.sharding.typed.javadsl.EntityRef;
import com.reservation.engine.privacy.ContactVault;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.venue.WaitlistPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Holds and waitlists as the HTTP front end sees them: commands to the slot, wherever it lives,
 * each with the caller's deadline; placing a hold and joining a waitlist take seats, so they run
 * through the seat pipeline ({@link SeatCommands}) like a booking.
 */
public final class HoldsAndWaitlists {
  private final Function<String, EntityRef<SlotCommand>> slots;
  private final SeatCommands seats;
  private final Duration askTimeout;
  private final ContactVault contacts;

  HoldsAndWaitlists(
      Function<String, EntityRef<SlotCommand>> slots,
      SeatCommands seats,
      Duration askTimeout,
      ContactVault contacts) {
    this.slots = slots;
    this.seats = seats;
    this.askTimeout = askTimeout;
    this.contacts = contacts;
  }

  /**
   * @param ttl null: the configured default; contact data is sealed before the slot sees it, as for
   *     a booking
   */
  public CompletionStage<HoldReply> hold(
      SeatTarget target,
      String customerId,
      int seats,
      Duration ttl,
      String idempotencyKey,
      Map<String, String> contact) {
    return this.seats.take(
        target,
        new SeatCommands.Request("hold", customerId, seats, idempotencyKey, contact),
        (data, grantId, deadline, replyTo) ->
            new SlotCommand.PlaceHold(
                customerId,
                seats,
                ttl,
                idempotencyKey,
                data.contact(),
                grantId,
                replyTo,
                deadline,
                data.newKey()),
        rejected -> rejected,
        contacts::open);
  }

  public CompletionStage<BookingReply> confirm(String slotId, String holdId) {
    Instant deadline = seats.deadline();
    return slots
        .apply(slotId)
        .<BookingReply>ask(
            replyTo -> new SlotCommand.ConfirmHold(holdId, replyTo, deadline), askTimeout)
        .thenCompose(contacts::open);
  }

  public CompletionStage<HoldReply> release(String slotId, String holdId) {
    Instant deadline = seats.deadline();
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
      SeatTarget target, String customerId, int seats, Map<String, String> contact) {
    boolean firstFit = target.venue().waitlistPolicy() == WaitlistPolicy.FIRST_FIT;
    return this.seats.take(
        target,
        new SeatCommands.Request("join", customerId, seats, null, contact),
        (data, grantId, deadline, replyTo) ->
            new SlotCommand.JoinWaitlist(
                customerId,
                seats,
                data.contact(),
                firstFit,
                grantId,
                replyTo,
                deadline,
                data.newKey()),
        rejected -> rejected,
        contacts::open);
  }

  public CompletionStage<WaitlistReply> leave(String slotId, String entryId) {
    Instant deadline = seats.deadline();
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
}
