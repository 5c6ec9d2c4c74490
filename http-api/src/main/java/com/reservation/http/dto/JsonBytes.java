package com.reservation.http.dto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal JSON writer straight into UTF-8 bytes, for the few small bodies written on hot paths
 * (problems, bookings, slots): no tree, no String of the whole body, no generator to set up.
 * Strings are escaped the way Jackson escapes them (quote and backslash, the two-character forms
 * for backspace, tab, newline, form feed and carriage return, other control characters as a
 * six-character unicode escape with upper-case hex, everything else as UTF-8), so the output equals
 * Jackson's byte for byte. Surrogates come out in one of the two ways Jackson's paths produce them
 * (see {@link Surrogates}). One writer per body; not thread-safe.
 */
public final class JsonBytes {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** How characters outside the Basic Multilingual Plane, and lone surrogates, are written. */
  public enum Surrogates {
    /**
     * As the mapper writes bytes ({@code writeValueAsBytes}): every surrogate as a unicode escape.
     */
    ESCAPED,
    /**
     * As a JSON String the mapper wrote, then encoded to UTF-8: a pair as its 4-byte sequence, a
     * lone surrogate as {@code ?} (what {@link String#getBytes} makes of it).
     */
    ENCODED
  }

  private final boolean escapeSurrogates;
  private byte[] buffer;
  private int size;

  public JsonBytes(int capacity, Surrogates surrogates) {
    this.escapeSurrogates = surrogates == Surrogates.ESCAPED;
    this.buffer = new byte[Math.max(16, capacity)];
  }

  public JsonBytes raw(char ascii) {
    ensure(1);
    buffer[size++] = (byte) ascii;
    return this;
  }

  /** Bytes that are already JSON (a nested value the mapper wrote). */
  public JsonBytes raw(byte[] json) {
    ensure(json.length);
    System.arraycopy(json, 0, buffer, size, json.length);
    size += json.length;
    return this;
  }

  /** {@code "name":} */
  public JsonBytes name(String name) {
    string(name);
    return raw(':');
  }

  public JsonBytes number(long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) return ascii(Long.toString(value));
      raw('-');
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) digits++;
    ensure(digits);
    for (int i = size + digits - 1; i >= size; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += digits;
    return this;
  }

  /** A JSON string, or {@code null} for null. */
  public JsonBytes string(String value) {
    if (value == null) return ascii("null");
    // Worst case: every char a 6-byte escape; most strings are short, so reserve it at once.
    ensure(2 + 6 * value.length());
    byte[] out = buffer;
    int at = size;
    out[at++] = '"';
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          out[at++] = (byte) c;
          continue;
        }
        out[at++] = '\\';
        switch (c) {
          case '"' -> out[at++] = '"';
          case '\\' -> out[at++] = '\\';
          case '\b' -> out[at++] = 'b';
          case '\t' -> out[at++] = 't';
          case '\n' -> out[at++] = 'n';
          case '\f' -> out[at++] = 'f';
          case '\r' -> out[at++] = 'r';
          default -> at = unicodeEscape(out, at, c);
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | (c >> 6));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c) && escapeSurrogates) {
        out[at++] = '\\';
        at = unicodeEscape(out, at, c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        out[at++] = (byte) (0xF0 | (cp >> 18));
        out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out[at++] = '?';
      } else {
        out[at++] = (byte) (0xE0 | (c >> 12));
        out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out[at++] = '"';
    size = at;
    return this;
  }

  /** {@code uXXXX} (the backslash is already written). */
  private static int unicodeEscape(byte[] out, int at, char c) {
    out[at++] = 'u';
    out[at++] = HEX[c >> 12];
    out[at++] = HEX[(c >> 8) & 0xF];
    out[at++] = HEX[(c >> 4) & 0xF];
    out[at++] = HEX[c & 0xF];
    return at;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private JsonBytes ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) buffer[size++] = (byte) text.charAt(i);
    return this;
  }

  private void ensure(int more) {
    if (size + more > buffer.length)
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
  }
}
