package com.reservation.engine.slot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written slot id parser accepts exactly what the definition says: {@code
 * [a-z0-9-]{1,40}_yyyyMMdd_HHmm} with a real date and time (checked against that definition written
 * as a regular expression and strict formatters).
 */
class SlotIdTest {
  private static final Pattern DEFINITION = Pattern.compile("([a-z0-9-]{1,40})_(\\d{8})_(\\d{4})");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HHmm").withResolverStyle(ResolverStyle.STRICT);

  private static Optional<SlotId.Parts> byDefinition(String slotId) {
    Matcher m = DEFINITION.matcher(slotId);
    if (!m.matches()) return Optional.empty();
    try {
      return Optional.of(
          new SlotId.Parts(
              m.group(1),
              LocalDateTime.of(
                  LocalDate.parse(m.group(2), DATE), LocalTime.parse(m.group(3), TIME))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Example
  void examples() {
    assertEquals(
        Optional.of(new SlotId.Parts("pwtc", LocalDateTime.of(2026, 12, 1, 9, 20))),
        SlotId.parse("pwtc_20261201_0920"));
    assertEquals(Optional.empty(), SlotId.parse("pwtc_20260230_0920"));
    assertEquals(Optional.empty(), SlotId.parse("pwtc_20261201_2400"));
    assertEquals(Optional.empty(), SlotId.parse("pwtc_20261201_0960"));
    assertEquals(Optional.empty(), SlotId.parse("Pwtc_20261201_0920"));
    assertEquals(Optional.empty(), SlotId.parse("_20261201_0920"));
    assertEquals(Optional.empty(), SlotId.parse("a_b_20261201_0920"));
    assertEquals(Optional.empty(), SlotId.parse("pwtc_2026120_10920"));
    assertEquals(Optional.empty(), SlotId.parse(null));
    assertEquals(Optional.empty(), SlotId.parse("x".repeat(41) + "_20261201_0920"));
    assertEquals("x".repeat(40), SlotId.parse("x".repeat(40) + "_20261201_0920").get().venueId());
  }

  @Property(tries = 3000)
  void agreesWithTheDefinition(@ForAll("nearlySlotIds") String slotId) {
    assertEquals(byDefinition(slotId), SlotId.parse(slotId), slotId);
  }

  @Provide
  Arbitrary<String> nearlySlotIds() {
    Arbitrary<String> venue =
        Arbitraries.strings().withChars("abz09-_A .").ofMinLength(0).ofMaxLength(42);
    Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789x").ofLength(8);
    Arbitrary<String> time =
        Arbitraries.strings().withChars("0123456789_").ofMinLength(3).ofMaxLength(5);
    Arbitrary<String> sep = Arbitraries.of("_", "-", "");
    Arbitrary<String> realDate =
        Arbitraries.integers()
            .between(0, 3000)
            .map(
                d -> LocalDate.of(2024, 1, 1).plusDays(d).format(DateTimeFormatter.BASIC_ISO_DATE));
    return Arbitraries.oneOf(
        Combinators.combine(venue, sep, digits, sep, time).as((v, a, d, b, t) -> v + a + d + b + t),
        Combinators.combine(venue, realDate, time).as((v, d, t) -> v + "_" + d + "_" + t));
  }
}
