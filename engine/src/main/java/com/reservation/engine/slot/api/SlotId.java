package com.reservation.engine.slot.api;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Slot identifiers: {@code {venueId}_{yyyyMMdd}_{HHmm}} in the venue's local time, e.g. {@code
 * pwtc_20261201_0920}.
 */
public final class SlotId {
  public static final Pattern VENUE_ID = Pattern.compile("[a-z0-9-]{1,40}");

  /** "_yyyyMMdd_HHmm" */
  private static final int SUFFIX_LENGTH = 14;

  private static final int MAX_VENUE_LENGTH = 40;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm");

  /** The parts of a well-formed slot id. */
  public record Parts(String venueId, LocalDateTime localStart) {}

  private SlotId() {}

  public static String of(String venueId, LocalDateTime localStart) {
    return venueId + "_" + DATE.format(localStart) + "_" + TIME.format(localStart);
  }

  public static boolean isValidVenueId(String venueId) {
    return venueId != null && VENUE_ID.matcher(venueId).matches();
  }

  /**
   * Parses a slot id; empty when it is malformed (wrong shape or an impossible date or time).
   * Written out by hand: every slot request parses its id, and a regular expression plus two
   * formatters cost several times more than reading fourteen fixed characters.
   */
  public static Optional<Parts> parse(String slotId) {
    if (slotId == null) return Optional.empty();
    int length = slotId.length();
    int venueLength = length - SUFFIX_LENGTH;
    if (venueLength < 1 || venueLength > MAX_VENUE_LENGTH) return Optional.empty();
    if (slotId.charAt(venueLength) != '_' || slotId.charAt(length - 5) != '_') {
      return Optional.empty();
    }
    for (int i = 0; i < venueLength; i++) {
      if (!isVenueChar(slotId.charAt(i))) return Optional.empty();
    }
    int year = digits(slotId, venueLength + 1, 4);
    int month = digits(slotId, venueLength + 5, 2);
    int day = digits(slotId, venueLength + 7, 2);
    int hour = digits(slotId, length - 4, 2);
    int minute = digits(slotId, length - 2, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return Optional.empty();
    try {
      LocalDateTime start = LocalDateTime.of(year, month, day, hour, minute);
      return Optional.of(new Parts(slotId.substring(0, venueLength), start));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isVenueChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }

  /** The number the {@code count} ASCII digits at {@code from} spell; -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
