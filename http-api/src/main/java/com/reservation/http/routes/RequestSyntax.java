package com.reservation.http.routes;

import com.reservation.engine.slot.api.SlotId;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * The well-formedness checks of ids and dates in paths and queries, by hand instead of a regex and
 * {@code DateTimeFormatter} parses ({@link SlotId#parse} alone showed as ~5% of a request's CPU).
 * Each accepts exactly what the engine's or java.time's own parser accepts (tests compare them over
 * many generated inputs): a slot id is a venue id of 1..40 of {@code [a-z0-9-]}, {@code _}, a date
 * {@code uuuuMMdd} that exists, {@code _}, a time {@code HHmm} from 0000 to 2359.
 */
final class RequestSyntax {
  private static final int MAX_VENUE = 40;
  private static final int DATE_AND_TIME = 14; // "_yyyyMMdd_HHmm"

  private RequestSyntax() {}

  /** The parts of a well-formed slot id, or null. */
  static SlotId.Parts parse(String slotId) {
    if (slotId == null) return null;
    int length = slotId.length();
    int venueLength = length - DATE_AND_TIME;
    if (venueLength < 1 || venueLength > MAX_VENUE) return null;
    if (slotId.charAt(venueLength) != '_' || slotId.charAt(length - 5) != '_') return null;
    for (int i = 0; i < venueLength; i++) {
      if (!venueChar(slotId.charAt(i))) return null;
    }
    int d = venueLength + 1;
    int year = digits(slotId, d, 4);
    int month = digits(slotId, d + 4, 2);
    int day = digits(slotId, d + 6, 2);
    int hour = digits(slotId, length - 4, 2);
    int minute = digits(slotId, length - 2, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month))
      return null;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
    return new SlotId.Parts(
        slotId.substring(0, venueLength), LocalDateTime.of(year, month, day, hour, minute));
  }

  static boolean isVenueId(String venueId) {
    if (venueId == null || venueId.isEmpty() || venueId.length() > MAX_VENUE) return false;
    for (int i = 0; i < venueId.length(); i++) {
      if (!venueChar(venueId.charAt(i))) return false;
    }
    return true;
  }

  /**
   * The date of an ISO {@code yyyy-MM-dd} text, or null when it is not one. The common form is read
   * by hand; any other text goes to {@link LocalDate#parse}, so what is accepted stays exactly what
   * it accepts (e.g. {@code +10000-01-01}).
   */
  static LocalDate isoDate(String text) {
    if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= lengthOfMonth(year, month)) {
        return LocalDate.of(year, month, day);
      }
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean venueChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not one. */
  static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * Days in the month of the proleptic ISO calendar (year 0 is a leap year, as java.time has it).
   */
  static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
