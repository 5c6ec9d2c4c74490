package com.reservation.http.routes;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.engine.slot.api.SlotId;
import com.reservation.http.dto.BookingBody;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written checks accept exactly what the engine's regex, the contract's patterns and
 * java.time accept.
 */
class RequestSyntaxTest {
  private static final String VENUE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-";

  /** Characters near the edges of the accepted sets, and a few far from them. */
  private static final String ODD_CHARS = "_AZ`{/:@ .+éß٣\u0000\uD83D";

  @Test
  void slotIdsParseExactlyAsTheEngineParsesThem() {
    Random random = new Random(20261201);
    List<String> ids =
        new ArrayList<>(
            List.of(
                "pwtc_20261201_0920",
                "a_00000101_0000",
                "a_00000229_2359",
                "a_19000229_1200",
                "a_20000229_1200",
                "a_20240229_0000",
                "a_20230229_0000",
                "a_20261231_2400",
                "a_20261201_2360",
                "a_20261301_0900",
                "a_20261200_0900",
                "a_99991231_2359",
                "-_20261201_0920",
                "a".repeat(40) + "_20261201_0920",
                "a".repeat(41) + "_20261201_0920",
                "_20261201_0920",
                "a_2026120_0920",
                "a_202612011_0920",
                "a_20261201_092",
                "a_20261201__0920",
                "a__20261201_0920",
                "pwtc_20261201-0920",
                "pwtc_２０２６1201_0920",
                "",
                "x"));
    for (int i = 0; i < 200_000; i++) ids.add(generated(random));
    for (String id : ids) {
      SlotId.Parts expected = SlotId.parse(id).orElse(null);
      assertEquals(expected, RequestSyntax.parse(id), id);
    }
    assertNull(RequestSyntax.parse(null));
  }

  @Test
  void venueIdsAreCheckedExactlyAsTheEngineChecksThem() {
    Random random = new Random(7);
    List<String> ids =
        new ArrayList<>(
            List.of("", "a", "-", "a".repeat(40), "a".repeat(41), "UP", "a_b", "a b", "é"));
    for (int i = 0; i < 100_000; i++) ids.add(venue(random, random.nextInt(44)));
    for (String id : ids) assertEquals(SlotId.isValidVenueId(id), RequestSyntax.isVenueId(id), id);
    assertFalse(RequestSyntax.isVenueId(null));
  }

  @Test
  void datesParseExactlyAsLocalDateParsesThem() {
    Random random = new Random(11);
    List<String> texts =
        new ArrayList<>(
            List.of(
                "2026-12-01",
                "0000-01-01",
                "0000-02-29",
                "1900-02-29",
                "2000-02-29",
                "2023-02-29",
                "2026-13-01",
                "2026-00-10",
                "2026-12-32",
                "2026-12-00",
                "+10000-01-01",
                "-0001-01-01",
                "2026-1-01",
                "2026/12/01",
                "20261201",
                "",
                "2026-12-01T00:00",
                " 2026-12-01",
                "２０２６-12-01",
                "9999-12-31"));
    for (int i = 0; i < 200_000; i++) texts.add(dateLike(random));
    for (String text : texts) assertEquals(reference(text), RequestSyntax.isoDate(text), text);
  }

  @Test
  void customerIdsAndIdempotencyKeysAreCheckedExactlyAsTheirPatterns() {
    Pattern key = Pattern.compile("[\\x21-\\x7E]{1,64}");
    Random random = new Random(13);
    List<String> texts =
        new ArrayList<>(
            List.of(
                "",
                "a",
                "c".repeat(64),
                "c".repeat(65),
                "has space",
                "A-z.0_9:x",
                "ç",
                "~!",
                "\u007F"));
    for (int i = 0; i < 100_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(10) == 0 ? 60 + random.nextInt(8) : random.nextInt(12);
      for (int c = 0; c < length; c++) {
        text.append(
            random.nextInt(20) == 0
                ? ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length()))
                : (char) (0x1E + random.nextInt(0x64)));
      }
      texts.add(text.toString());
    }
    for (String text : texts) {
      assertEquals(
          BookingBody.CUSTOMER_ID.matcher(text).matches(), BookingBody.isCustomerId(text), text);
      assertEquals(key.matcher(text).matches(), SlotRoutes.isIdempotencyKey(text), text);
    }
  }

  private static LocalDate reference(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Mostly well-formed ids with plausible and impossible dates and times, some with one character
   * broken.
   */
  private static String generated(Random random) {
    String venue = venue(random, 1 + random.nextInt(random.nextInt(10) == 0 ? 44 : 12));
    String id =
        venue
            + "_"
            + digits(random, 4, random.nextBoolean() ? 2026 : random.nextInt(10_000))
            + digits(random, 2, random.nextInt(14))
            + digits(random, 2, random.nextInt(33))
            + "_"
            + digits(random, 2, random.nextInt(26))
            + digits(random, 2, random.nextInt(62));
    return random.nextInt(4) == 0 ? broken(random, id) : id;
  }

  private static String dateLike(Random random) {
    String date =
        digits(
                random,
                4,
                random.nextInt(10) == 0 ? random.nextInt(10_000) : 1999 + random.nextInt(3))
            + "-"
            + digits(random, 2, random.nextInt(14))
            + "-"
            + digits(random, 2, random.nextInt(33));
    return random.nextInt(4) == 0 ? broken(random, date) : date;
  }

  private static String venue(Random random, int length) {
    StringBuilder venue = new StringBuilder();
    for (int i = 0; i < length; i++)
      venue.append(VENUE_CHARS.charAt(random.nextInt(VENUE_CHARS.length())));
    return venue.toString();
  }

  private static String digits(Random random, int width, int value) {
    String text = Integer.toString(value);
    return "0".repeat(Math.max(0, width - text.length())) + text;
  }

  /** Replaces, inserts or removes one character. */
  private static String broken(Random random, String text) {
    int at = random.nextInt(text.length());
    char odd = ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length()));
    return switch (random.nextInt(3)) {
      case 0 -> text.substring(0, at) + odd + text.substring(at + 1);
      case 1 -> text.substring(0, at) + odd + text.substring(at);
      default -> text.substring(0, at) + text.substring(at + 1);
    };
  }
}
