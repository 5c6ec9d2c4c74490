package com.reservation.engine.events.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signatures of a delivery. {@code X-Reservation-Signature}: {@code sha256=} and the hex
 * HMAC-SHA256 of the exact body bytes with the secret. Version 2 adds replay protection: {@code
 * X-Reservation-Timestamp} is the attempt's time in Unix seconds and {@code
 * X-Reservation-Signature-V2} signs {@code "<timestamp>.<body>"}, so a receiver that also checks
 * the timestamp is recent refuses a delivery captured and sent again later. Both are sent.
 */
public final class Signature {
  public static final String HEADER = "X-Reservation-Signature";
  public static final String V2_HEADER = "X-Reservation-Signature-V2";
  public static final String TIMESTAMP_HEADER = "X-Reservation-Timestamp";

  private Signature() {}

  public static String of(String secret, byte[] body) {
    Mac mac = mac(secret);
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  /** The version 2 signature of {@code body} sent at {@code timestamp} (Unix seconds). */
  public static String v2(String secret, long timestamp, byte[] body) {
    Mac mac = mac(secret);
    mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static Mac mac(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
