package com.reservation.baseline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The rivals' hot-path JSON, written by hand straight into UTF-8 bytes (no mapper, no tree, no
 * String of the whole body): the booking answer and the contact data a booking stores. As lean as
 * the engine's own hot path, which writes its booking answers the same way; strings are escaped as
 * JSON requires (quote, backslash, control characters). One writer per body; not thread-safe.
 */
final class LeanJson {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buffer;
  private int size;

  LeanJson(int capacity) {
    buffer = new byte[Math.max(16, capacity)];
  }

  /**
   * {@code {"bookingId":...,"slotId":...,"customerId":...,"seats":n,"status":...,"bookedAt":...,
   * "contact":{...}}}, the shape of the engine's booking answer (contact only when given).
   */
  static byte[] booking(Messages.Booking booking, Map<String, String> contact) {
    LeanJson json = new LeanJson(192 + (contact == null ? 0 : 48 * contact.size()));
    json.raw('{').name("bookingId").string(booking.bookingId());
    json.raw(',').name("slotId").string(booking.slotId());
    json.raw(',').name("customerId").string(booking.customerId());
    json.raw(',').name("seats").number(booking.seats());
    json.raw(',').name("status").string(booking.status());
    json.raw(',').name("bookedAt").string(booking.bookedAt());
    if (contact != null && !contact.isEmpty()) json.raw(',').name("contact").object(contact);
    return json.raw('}').toByteArray();
  }

  /** A flat object of strings as JSON text (what the rivals store as a booking's contact). */
  static String objectText(Map<String, String> fields) {
    LeanJson json = new LeanJson(16 + 48 * fields.size());
    json.object(fields);
    return new String(json.buffer, 0, json.size, StandardCharsets.UTF_8);
  }

  private LeanJson object(Map<String, String> fields) {
    raw('{');
    boolean first = true;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (!first) raw(',');
      first = false;
      name(field.getKey()).string(field.getValue());
    }
    return raw('}');
  }

  LeanJson raw(char ascii) {
    ensure(1);
    buffer[size++] = (byte) ascii;
    return this;
  }

  LeanJson name(String name) {
    return string(name).raw(':');
  }

  LeanJson number(long value) {
    String digits = Long.toString(value);
    ensure(digits.length());
    for (int i = 0; i < digits.length(); i++) buffer[size++] = (byte) digits.charAt(i);
    return this;
  }

  LeanJson string(String value) {
    if (value == null) {
      ensure(4);
      for (char c : "null".toCharArray()) buffer[size++] = (byte) c;
      return this;
    }
    ensure(2 + 6 * value.length());
    buffer[size++] = '"';
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        buffer[size++] = (byte) c;
      } else if (c == '"' || c == '\\') {
        buffer[size++] = '\\';
        buffer[size++] = (byte) c;
      } else if (c < 0x20) {
        buffer[size++] = '\\';
        buffer[size++] = 'u';
        buffer[size++] = '0';
        buffer[size++] = '0';
        buffer[size++] = HEX[c >> 4];
        buffer[size++] = HEX[c & 0xF];
      } else {
        // Anything beyond ASCII: the JDK's encoder (a pair as one 4-byte sequence).
        int end = i + 1;
        while (end < n && value.charAt(end) >= 0x80) end++;
        byte[] utf8 = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 6 * (n - end) + 1);
        System.arraycopy(utf8, 0, buffer, size, utf8.length);
        size += utf8.length;
        i = end - 1;
      }
    }
    buffer[size++] = '"';
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (size + more > buffer.length)
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
  }
}
