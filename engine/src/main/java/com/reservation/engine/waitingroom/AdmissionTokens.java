package com.reservation.engine.waitingroom;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Admission tokens: {@code <expiry in epoch seconds>.<signature>}, the signature an HMAC-SHA256
 * (cut to 128 bits) of venue, customer and expiry under the key the cluster shares. Any node checks
 * one from memory, without asking anyone; a token cannot be made without the key, moved to another
 * customer or venue, or stretched past its expiry. Nothing in it needs reading by the client.
 */
public final class AdmissionTokens {
  private static final int SIGNATURE_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  // Mac is not thread-safe and costly to make: one per thread.
  private final ThreadLocal<Mac> macs;

  public AdmissionTokens(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The token admitting {@code customerId} at {@code venueId} until {@code expiresAt}. */
  public String sign(String venueId, String customerId, Instant expiresAt) {
    long expiry = expiresAt.getEpochSecond();
    return expiry + "." + ENCODER.encodeToString(signature(venueId, customerId, expiry));
  }

  /**
   * Whether {@code token} admits {@code customerId} at {@code venueId} at {@code now}: made with
   * the cluster's key for them, and not expired.
   */
  public boolean admits(String token, String venueId, String customerId, Instant now) {
    if (token == null || token.length() > 64) return false;
    int dot = token.indexOf('.');
    if (dot < 1 || dot > 19) return false;
    long expiry;
    try {
      expiry = Long.parseLong(token, 0, dot, 10);
    } catch (NumberFormatException e) {
      return false;
    }
    if (expiry <= now.getEpochSecond()) return false;
    byte[] given;
    try {
      given = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    // Compared in constant time: how long a wrong token takes tells nothing about the right one.
    return MessageDigest.isEqual(given, signature(venueId, customerId, expiry));
  }

  private byte[] signature(String venueId, String customerId, long expiry) {
    // Venue ids have no line feed and the expiry is digits, so the first and last line feed
    // delimit the customer id, whatever it contains: no two inputs sign the same text.
    String text = "admission-v1\n" + venueId + "\n" + customerId + "\n" + expiry;
    byte[] full = macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(full, SIGNATURE_BYTES);
  }
}
