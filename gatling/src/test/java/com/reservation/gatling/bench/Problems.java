package com.reservation.gatling.bench;

import java.nio.charset.StandardCharsets;

/**
 * The problem code of an error answer ({@code "type": "/problems/slot-full"} gives {@code
 * slot-full}), found by a byte search instead of a JSON parse: the load generator reads it on every
 * 409 of the full-slot workload.
 */
public final class Problems {
  private static final byte[] MARKER = "/problems/".getBytes(StandardCharsets.US_ASCII);

  private Problems() {}

  /** The code after the first {@code /problems/}, or null when the body has none. */
  public static String code(byte[] body) {
    int at = indexOf(body, MARKER);
    if (at < 0) return null;
    int start = at + MARKER.length;
    int end = start;
    while (end < body.length && isCodeByte(body[end])) end++;
    return end > start ? new String(body, start, end - start, StandardCharsets.US_ASCII) : null;
  }

  private static boolean isCodeByte(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-';
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
