package com.reservation.engine.slot;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slot identifiers: {@code {venueId}_{yyyyMMdd}_{HHmm}} in the venue's local time, e.g. {@code
 * pwtc_20261201_0920}.
 */
public final class SlotId {
  public static final Pattern VENUE_ID = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Pattern SLOT_ID = Pattern.compile("([a-z0-9-]{1,40})_(\\d{8})_(\\d{4})");
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

  /** Parses a slot id; empty when it is malformed (wrong shape or an impossible date or time). */
  public static Optional<Parts> parse(String slotId) {
    if (slotId == null || slotId.length() > 54) return Optional.empty();
    Matcher m = SLOT_ID.matcher(slotId);
    if (!m.matches()) return Optional.empty();
    try {
      LocalDate date = LocalDate.parse(m.group(2), DATE.withResolverStyle(ResolverStyle.STRICT));
      LocalTime time = LocalTime.parse(m.group(3), TIME.withResolverStyle(ResolverStyle.STRICT));
      return Optional.of(new Parts(m.group(1), LocalDateTime.of(date, time)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
