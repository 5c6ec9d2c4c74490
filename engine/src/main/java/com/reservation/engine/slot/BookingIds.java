package com.reservation.engine.slot;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Booking ids: 128 random bits, URL-safe base64 without padding (22 characters). Knowing one allows
 * a cancel.
 */
public final class BookingIds implements Supplier<String> {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  @Override
  public String get() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
