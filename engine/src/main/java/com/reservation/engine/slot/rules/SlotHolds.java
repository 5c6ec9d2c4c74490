package com.reservation.engine.slot.rules;

import java.time.Instant;
import java.util.Optional;

/**
 * The holds part of a slot's state: every hold it made (ended ones too, for lookups and idempotent
 * retries), the seats the HELD ones take, and the HELD ones in expiry order, so the next expiry is
 * found in O(log n).
 *
 * @param heldSeats seats of the HELD holds
 * @param idByKey hold id per idempotency key (holds have their own key space, apart from bookings')
 * @param activeIdByCustomer the HELD hold of each customer (at most one per customer per slot)
 * @param expiries the HELD holds by (expiresAt, holdId)
 */
public record SlotHolds(
    PersistentMap<String, Hold> byId,
    int heldSeats,
    PersistentMap<String, String> idByKey,
    PersistentMap<String, String> activeIdByCustomer,
    PersistentSortedMap<SlotHolds.Expiry, String> expiries) {

  public static final SlotHolds EMPTY =
      new SlotHolds(
          PersistentMap.empty(),
          0,
          PersistentMap.empty(),
          PersistentMap.empty(),
          PersistentSortedMap.empty());

  /** A HELD hold's place in expiry order. */
  public record Expiry(Instant at, String holdId) implements Comparable<Expiry> {
    @Override
    public int compareTo(Expiry other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : holdId.compareTo(other.holdId);
    }
  }

  public Optional<Hold> get(String holdId) {
    return byId.get(holdId);
  }

  public Optional<Hold> forKey(String idempotencyKey) {
    return idByKey.get(idempotencyKey).flatMap(byId::get);
  }

  public Optional<Hold> activeOf(String customerId) {
    return activeIdByCustomer.get(customerId).flatMap(byId::get);
  }

  /** The earliest expiry of a HELD hold, if any. */
  public Optional<Expiry> next() {
    return expiries.firstKey();
  }

  /** With a new HELD hold. */
  SlotHolds with(Hold hold) {
    return new SlotHolds(
        byId.with(hold.holdId(), hold),
        heldSeats + hold.seats(),
        hold.idempotencyKey() == null
            ? idByKey
            : idByKey.with(hold.idempotencyKey(), hold.holdId()),
        activeIdByCustomer.with(hold.customerId(), hold.holdId()),
        expiries.with(new Expiry(hold.expiresAt(), hold.holdId()), hold.holdId()));
  }

  /**
   * With a HELD hold ended ({@code ended} is the same hold in its new status): its seats are no
   * longer held.
   */
  SlotHolds end(Hold held, Hold ended) {
    return new SlotHolds(
        byId.with(ended.holdId(), ended),
        heldSeats - held.seats(),
        idByKey,
        activeIdByCustomer.without(held.customerId()),
        expiries.without(new Expiry(held.expiresAt(), held.holdId())));
  }

  /**
   * Without an ended hold (the slot no longer keeps it): look-ups and retries with its key no
   * longer find it.
   */
  SlotHolds forget(Hold ended) {
    if (ended.isHeld()) throw new IllegalArgumentException("a HELD hold is never forgotten");
    String key = ended.idempotencyKey();
    boolean keyed = key != null && idByKey.get(key).filter(ended.holdId()::equals).isPresent();
    return new SlotHolds(
        byId.without(ended.holdId()),
        heldSeats,
        keyed ? idByKey.without(key) : idByKey,
        activeIdByCustomer,
        expiries);
  }

  /** Rebuilt from every hold, as a snapshot stores them. */
  static SlotHolds of(Iterable<Hold> holds) {
    SlotHolds result = EMPTY;
    for (Hold hold : holds) {
      if (hold.isHeld()) {
        result = result.with(hold);
      } else {
        result =
            new SlotHolds(
                result.byId.with(hold.holdId(), hold),
                result.heldSeats,
                hold.idempotencyKey() == null
                    ? result.idByKey
                    : result.idByKey.with(hold.idempotencyKey(), hold.holdId()),
                result.activeIdByCustomer,
                result.expiries);
      }
    }
    return result;
  }
}
