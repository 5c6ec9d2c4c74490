package com.reservation.http.dto;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /slots/{slotId}/bookings}: {@code {"customerId": "900127015527", "seats": 1,
 * "contact": {...}}}. {@code seats} defaults to 1; {@code contact} is optional personal data (never
 * logged).
 */
public record BookingBody(String customerId, Integer seats, Map<String, String> contact) {
  public static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  public static final int MAX_CONTACT_FIELDS = 10;
  public static final int MAX_CONTACT_CHARS = 200;

  /** The booking a valid body asks for. */
  public record Valid(String customerId, int seats, Map<String, String> contact) {
    /** Contact data is personal: its fields are counted, never shown. */
    @Override
    public String toString() {
      return "Valid[customerId="
          + customerId
          + ", seats="
          + seats
          + ", contact=<"
          + contact.size()
          + " fields>]";
    }
  }

  public Valid validate(int maxSeats) {
    InvalidRequest.require(customerId != null, "customerId is required");
    InvalidRequest.require(
        isCustomerId(customerId), "customerId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    int wanted = seats == null ? 1 : seats;
    InvalidRequest.require(
        wanted >= 1 && wanted <= maxSeats, "seats must be between 1 and " + maxSeats);
    Map<String, String> fields = contact == null ? Map.of() : contact;
    InvalidRequest.require(
        fields.size() <= MAX_CONTACT_FIELDS,
        "contact has at most " + MAX_CONTACT_FIELDS + " fields");
    for (Map.Entry<String, String> field : fields.entrySet()) {
      InvalidRequest.require(field.getValue() != null, "contact fields must be strings");
      InvalidRequest.require(
          !field.getKey().isEmpty()
              && field.getKey().length() <= MAX_CONTACT_CHARS
              && field.getValue().length() <= MAX_CONTACT_CHARS,
          "contact field names and values are at most " + MAX_CONTACT_CHARS + " characters");
    }
    return new Valid(customerId, wanted, Map.copyOf(fields));
  }

  /**
   * Whether {@link #CUSTOMER_ID} matches, checked by hand: every booking asks, and a Matcher per
   * request adds up.
   */
  public static boolean isCustomerId(String text) {
    int length = text.length();
    if (length < 1 || length > 64) return false;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!allowed) return false;
    }
    return true;
  }

  /**
   * No contact data: the body is echoed in no log, but keep even accidental toString calls clean.
   */
  @Override
  public String toString() {
    return "BookingBody[customerId="
        + customerId
        + ", seats="
        + seats
        + ", contact=<"
        + (contact == null ? 0 : contact.size())
        + " fields>]";
  }
}
