package com.reservation.engine.privacy.keys;

import java.util.Arrays;

/**
 * A customer's contact key that must become durable with the event whose contact data it sealed
 * ({@code customer_key}, docs/decisions/0011-erasure.md). Written in the same statement as that
 * event, so a stored ciphertext never lacks its key and a refused request never stores one.
 *
 * @param keyId random, unique per customer: a customer may hold several keys (one per node that
 *     first sealed their data), all deleted by an erasure
 */
public record CustomerKeyRow(String customerId, long keyId, byte[] key) {
  public CustomerKeyRow {
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CustomerKeyRow o
        && customerId.equals(o.customerId)
        && keyId == o.keyId
        && Arrays.equals(key, o.key);
  }

  @Override
  public int hashCode() {
    return customerId.hashCode() * 31 + Long.hashCode(keyId);
  }

  /** Never the key itself: this may be logged. */
  @Override
  public String toString() {
    return "CustomerKeyRow[keyId=" + Long.toHexString(keyId) + "]";
  }
}
