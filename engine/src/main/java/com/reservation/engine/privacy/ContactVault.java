package com.reservation.engine.privacy;

import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.EntryView;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldView;
import com.reservation.engine.slot.api.WaitlistReply;
import java.util.Map;
import java.util.OptionalLong;
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

  /**
   * Contact data sealed for a command.
   *
   * @param contact what the slot stores (empty stays empty)
   * @param newKey the key it is sealed under when that key is new: the command carries it to the
   *     slot, whose write stores it with the data; null when the key is stored already (or nothing
   *     was sealed)
   * @param erasuresSeen this node's count of erasures when the key was chosen (the fence of {@link
   *     CustomerKeys})
   */
  public record Sealed(Map<String, String> contact, CustomerKeyRow newKey, long erasuresSeen) {
    public static final Sealed NOTHING = new Sealed(Map.of(), null, 0);
  }

  /**
   * {@code contact} sealed under a key of the customer, at once: no database work on the way in (a
   * new key is stored by the slot's write, with the data).
   */
  public Sealed seal(String customerId, Map<String, String> contact) {
    if (contact == null || contact.isEmpty()) return Sealed.NOTHING;
    SealingKey key = keys.keyForSealing(customerId);
    return new Sealed(
        ContactCipher.seal(customerId, contact, key.keyId(), key.key()),
        key.toStore(),
        key.erasuresSeen());
  }

  /**
   * Learns from the answer to a command carrying {@code sealed} whether its new key was stored (the
   * command recorded something: a new booking, hold or entry), so that this node seals the
   * customer's next data with it. Returns the answer.
   */
  public <R> R learn(Sealed sealed, R answer) {
    if (sealed.newKey() == null) return answer;
    boolean recorded =
        (answer instanceof BookingReply.Booking b && b.changed())
            || (answer instanceof HoldReply.Current h && h.changed())
            || (answer instanceof WaitlistReply.Current e && e.changed());
    if (recorded) keys.stored(sealed.newKey(), sealed.erasuresSeen());
    return answer;
  }

  /**
   * The contact a stored map holds: a sealed one opened with the customer's key it names, or
   * nothing once that key is gone; one stored before sealing existed is returned as it is.
   */
  public CompletionStage<Map<String, String>> open(String customerId, Map<String, String> stored) {
    if (!ContactCipher.isSealed(stored))
      return CompletableFuture.completedFuture(stored == null ? Map.of() : stored);
    OptionalLong keyId = ContactCipher.keyIdOf(stored);
    if (keyId.isEmpty()) return CompletableFuture.completedFuture(Map.of());
    return keys.keyForReading(customerId, keyId.getAsLong())
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
        .thenApply(contact -> new BookingReply.Booking(v.withContact(contact), b.changed()));
  }

  public CompletionStage<HoldReply> open(HoldReply reply) {
    if (!(reply instanceof HoldReply.Current h) || !ContactCipher.isSealed(h.hold().contact())) {
      return CompletableFuture.completedFuture(reply);
    }
    HoldView v = h.hold();
    return open(v.customerId(), v.contact())
        .thenApply(contact -> new HoldReply.Current(v.withContact(contact), h.changed()));
  }

  public CompletionStage<WaitlistReply> open(WaitlistReply reply) {
    if (!(reply instanceof WaitlistReply.Current e)
        || !ContactCipher.isSealed(e.entry().contact())) {
      return CompletableFuture.completedFuture(reply);
    }
    EntryView v = e.entry();
    return open(v.customerId(), v.contact())
        .thenApply(contact -> new WaitlistReply.Current(v.withContact(contact), e.changed()));
  }
}
