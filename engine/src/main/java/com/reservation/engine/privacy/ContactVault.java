package com.reservation.engine.privacy;

import com.reservation.engine.slot.BookingReply;
import com.reservation.engine.slot.BookingView;
import com.reservation.engine.slot.EntryView;
import com.reservation.engine.slot.HoldReply;
import com.reservation.engine.slot.HoldView;
import com.reservation.engine.slot.WaitlistReply;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where contact data is sealed and opened: sealed before a command reaches its slot (so the slot
 * decides, stores, snapshots and replicates only ciphertext), opened when a booking, hold or
 * waitlist entry is answered to its holder. A call without contact data, and a reply without it,
 * completes at once: no key, no query, no cipher.
 */
public final class ContactVault {
  private final CustomerKeys keys;
  private final KeyErasures erasures;

  public ContactVault(CustomerKeys keys, KeyErasures erasures) {
    this.keys = keys;
    this.erasures = erasures;
  }

  /**
   * Deletes the customer's key (true when there was one) and tells every node to drop its cached
   * copy; published even when there was no key here, since a node may still cache one a concurrent
   * write made.
   */
  public CompletionStage<Boolean> erase(String customerId) {
    return keys.erase(customerId)
        .thenApply(
            deleted -> {
              erasures.publish(customerId);
              return deleted;
            });
  }

  /** {@code contact} sealed under the customer's key (made on first use); empty stays empty. */
  public CompletionStage<Map<String, String>> seal(String customerId, Map<String, String> contact) {
    if (contact == null || contact.isEmpty()) return CompletableFuture.completedFuture(Map.of());
    return keys.keyForWriting(customerId)
        .thenApply(key -> ContactCipher.seal(customerId, contact, key));
  }

  /**
   * The contact a stored map holds: a sealed one opened with the customer's key, or nothing once
   * the key is gone; one stored before sealing existed is returned as it is.
   */
  public CompletionStage<Map<String, String>> open(String customerId, Map<String, String> stored) {
    if (!ContactCipher.isSealed(stored))
      return CompletableFuture.completedFuture(stored == null ? Map.of() : stored);
    return keys.keyForReading(customerId)
        .thenApply(
            key ->
                key.flatMap(k -> ContactCipher.open(customerId, stored, k))
                    .orElse(Map.<String, String>of()));
  }

  public CompletionStage<BookingReply> open(BookingReply reply) {
    if (!(reply instanceof BookingReply.Booking b)
        || !ContactCipher.isSealed(b.booking().contact())) {
      return CompletableFuture.completedFuture(reply);
    }
    BookingView v = b.booking();
    return open(v.customerId(), v.contact())
        .thenApply(
            contact ->
                new BookingReply.Booking(
                    new BookingView(
                        v.bookingId(),
                        v.slotId(),
                        v.customerId(),
                        v.seats(),
                        v.status(),
                        v.bookedAt(),
                        v.cancelledAt(),
                        contact,
                        v.holdId()),
                    b.changed()));
  }

  public CompletionStage<HoldReply> open(HoldReply reply) {
    if (!(reply instanceof HoldReply.Current h) || !ContactCipher.isSealed(h.hold().contact())) {
      return CompletableFuture.completedFuture(reply);
    }
    HoldView v = h.hold();
    return open(v.customerId(), v.contact())
        .thenApply(
            contact ->
                new HoldReply.Current(
                    new HoldView(
                        v.holdId(),
                        v.slotId(),
                        v.customerId(),
                        v.seats(),
                        v.status(),
                        v.createdAt(),
                        v.expiresAt(),
                        v.bookingId(),
                        v.entryId(),
                        contact),
                    h.changed()));
  }

  public CompletionStage<WaitlistReply> open(WaitlistReply reply) {
    if (!(reply instanceof WaitlistReply.Current e)
        || !ContactCipher.isSealed(e.entry().contact())) {
      return CompletableFuture.completedFuture(reply);
    }
    EntryView v = e.entry();
    return open(v.customerId(), v.contact())
        .thenApply(
            contact ->
                new WaitlistReply.Current(
                    new EntryView(
                        v.entryId(),
                        v.slotId(),
                        v.customerId(),
                        v.seats(),
                        v.status(),
                        v.position(),
                        v.holdId(),
                        v.expiresAt(),
                        v.bookingId(),
                        v.joinedAt(),
                        contact),
                    e.changed()));
  }
}
