package com.reservation.engine.schedule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.venue.Venue;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Slot generation in the venue's local time, across daylight-saving changes, and request
 * validation.
 */
class ScheduleGeneratorTest {
  private static final Venue BERLIN = new Venue("berlin", "Berlin", ZoneId.of("Europe/Berlin"));
  private static final Venue PWTC = new Venue("pwtc", "PWTC", ZoneId.of("Asia/Kuala_Lumpur"));
  private static final int MAX_CAPACITY = 100_000;

  private static ScheduleRequest daily(
      LocalDate from, LocalDate to, String start, String end, int minutes) {
    return new ScheduleRequest(
        from, to, LocalTime.parse(start), LocalTime.parse(end), minutes, 50, null);
  }

  private static List<String> ids(List<SlotDefinition> slots) {
    return slots.stream().map(SlotDefinition::slotId).toList();
  }

  private static List<Instant> instants(List<SlotDefinition> slots) {
    return slots.stream().map(SlotDefinition::startInstant).toList();
  }

  @Test
  void noSlotStartsInTheHourSkippedInSpring() {
    // 2026-03-29 in Berlin: at 02:00 CET the clocks jump to 03:00 CEST
    LocalDate day = LocalDate.parse("2026-03-29");
    ScheduleRequest request = daily(day, day, "01:00", "04:00", 30);

    List<SlotDefinition> slots = ScheduleGenerator.generate(BERLIN, request);

    assertEquals(
        List.of(
            "berlin_20260329_0100",
            "berlin_20260329_0130",
            "berlin_20260329_0300",
            "berlin_20260329_0330"),
        ids(slots));
    assertEquals(
        List.of(
            Instant.parse("2026-03-29T00:00:00Z"),
            Instant.parse("2026-03-29T00:30:00Z"),
            Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-03-29T01:30:00Z")),
        instants(slots));
    assertEquals(LocalDateTime.parse("2026-03-29T03:00"), slots.get(2).start());
    assertEquals(LocalDateTime.parse("2026-03-29T03:30"), slots.get(2).end());
    // count() is the size limit's cheap upper bound: it does not look at the time zone
    assertEquals(6, ScheduleGenerator.count(request));
  }

  @Test
  void eachLocalTimeOfTheHourRepeatedInAutumnGetsOneSlotWithTheEarlierOffset() {
    // 2026-10-25 in Berlin: at 03:00 CEST the clocks go back to 02:00 CET, so 02:00-02:59 happens
    // twice
    LocalDate day = LocalDate.parse("2026-10-25");
    ScheduleRequest request = daily(day, day, "01:00", "04:00", 30);

    List<SlotDefinition> slots = ScheduleGenerator.generate(BERLIN, request);

    assertEquals(
        List.of(
            "berlin_20261025_0100",
            "berlin_20261025_0130",
            "berlin_20261025_0200",
            "berlin_20261025_0230",
            "berlin_20261025_0300",
            "berlin_20261025_0330"),
        ids(slots));
    assertEquals(
        List.of(
            Instant.parse("2026-10-24T23:00:00Z"), // 01:00 CEST
            Instant.parse("2026-10-24T23:30:00Z"),
            Instant.parse("2026-10-25T00:00:00Z"), // 02:00 CEST, the first occurrence
            Instant.parse("2026-10-25T00:30:00Z"),
            Instant.parse("2026-10-25T02:00:00Z"), // 03:00 CET
            Instant.parse("2026-10-25T02:30:00Z")),
        instants(slots));
    assertEquals(slots.size(), ScheduleGenerator.count(request));
  }

  @Test
  void aScheduleAcrossTheSpringChangeUsesEachDaysOffset() {
    ScheduleRequest request =
        daily(LocalDate.parse("2026-03-28"), LocalDate.parse("2026-03-30"), "00:00", "04:00", 60);

    List<SlotDefinition> slots = ScheduleGenerator.generate(BERLIN, request);

    assertEquals(11, slots.size());
    assertEquals(12, ScheduleGenerator.count(request));
    assertTrue(!ids(slots).contains("berlin_20260329_0200"));
    assertEquals(Instant.parse("2026-03-27T23:00:00Z"), slots.get(0).startInstant()); // +01:00
    assertEquals(
        Instant.parse("2026-03-29T22:00:00Z"), slots.get(7).startInstant()); // 30th 00:00, +02:00
    assertEquals(11, Set.copyOf(ids(slots)).size(), "slot ids are unique");
  }

  @Test
  void theDocumentedExampleSchedulesCountAsTheApiSays() {
    ScheduleRequest everyDay =
        new ScheduleRequest(
            LocalDate.parse("2026-12-01"),
            LocalDate.parse("2027-01-31"),
            LocalTime.parse("09:00"),
            LocalTime.parse("17:00"),
            10,
            100,
            null);
    ScheduleRequest mondaysAndTuesdays =
        new ScheduleRequest(
            everyDay.from(),
            everyDay.to(),
            everyDay.dailyStart(),
            everyDay.dailyEnd(),
            10,
            100,
            Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY));

    List<SlotDefinition> all = ScheduleGenerator.generate(PWTC, everyDay);
    List<SlotDefinition> some = ScheduleGenerator.generate(PWTC, mondaysAndTuesdays);

    assertEquals(2976, all.size());
    assertEquals(2976, ScheduleGenerator.count(everyDay));
    assertEquals(816, some.size());
    assertEquals(816, ScheduleGenerator.count(mondaysAndTuesdays));
    assertTrue(
        some.stream()
            .allMatch(
                s ->
                    Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY)
                        .contains(s.localDate().getDayOfWeek())));
    SlotDefinition first = all.get(0);
    assertEquals(
        new SlotDefinition(
            "pwtc_20261201_0900",
            "pwtc",
            LocalDateTime.parse("2026-12-01T09:00"),
            LocalDateTime.parse("2026-12-01T09:10"),
            Instant.parse("2026-12-01T01:00:00Z"),
            100),
        first);
    assertEquals(
        "pwtc_20270131_1650", all.get(all.size() - 1).slotId(), "the last slot ends at dailyEnd");
  }

  @ParameterizedTest
  @CsvSource({
    "09:00, 17:00, 10",
    "09:00, 17:05, 10",
    "00:00, 23:59, 7",
    "08:15, 08:16, 1",
    "06:00, 18:00, 720"
  })
  void countMatchesGenerateWhenNoDaylightSavingChangeIntervenes(
      String start, String end, int minutes) {
    ScheduleRequest request =
        daily(LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-10"), start, end, minutes);

    List<SlotDefinition> slots = ScheduleGenerator.generate(BERLIN, request);

    assertEquals(ScheduleGenerator.count(request), slots.size());
    assertTrue(
        slots.stream()
            .allMatch(
                s -> !s.end().isAfter(LocalDateTime.of(s.localDate(), LocalTime.parse(end)))));
  }

  @Test
  void matchingDaysAgreesWithCountingDayByDay() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261201);
    List<DayOfWeek> week = List.of(DayOfWeek.values());
    for (int i = 0; i < 2_000; i++) {
      LocalDate from = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(400));
      LocalDate to = from.plusDays(random.nextInt(60) - 3);
      Set<DayOfWeek> days = java.util.EnumSet.noneOf(DayOfWeek.class);
      for (DayOfWeek day : week) if (random.nextBoolean()) days.add(day);
      long byDay = 0;
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1))
        if (days.contains(d.getDayOfWeek())) byDay++;
      assertEquals(
          byDay, ScheduleGenerator.matchingDays(from, to, days), from + ".." + to + " " + days);
    }
  }

  @Test
  // Not a speed check: counted day by day, LocalDate.MIN..MAX took hours, so one request could hold
  // a thread that
  // long; this guard only keeps such a regression from hanging the build.
  @org.junit.jupiter.api.Timeout(60)
  void theWidestRangeIsCountedWithoutWalkingItsDays() {
    ScheduleRequest widest = daily(LocalDate.MIN, LocalDate.MAX, "09:00", "17:00", 10);
    long count = ScheduleGenerator.count(widest);
    assertEquals(
        48 * (java.time.temporal.ChronoUnit.DAYS.between(LocalDate.MIN, LocalDate.MAX) + 1), count);
    assertEquals(
        0,
        ScheduleGenerator.count(daily(LocalDate.MIN, LocalDate.MAX, "09:00", "09:05", 10)),
        "no slot fits a day");
  }

  @Test
  void slotIdsNameTheLocalStartAndParseBack() {
    for (SlotDefinition slot :
        ScheduleGenerator.generate(
            BERLIN,
            daily(
                LocalDate.parse("2026-10-25"),
                LocalDate.parse("2026-10-25"),
                "00:00",
                "06:00",
                20))) {
      SlotId.Parts parts = SlotId.parse(slot.slotId()).orElseThrow();
      assertEquals("berlin", parts.venueId());
      assertEquals(slot.start(), parts.localStart());
      assertEquals(
          slot.start(),
          LocalDateTime.ofInstant(slot.startInstant(), BERLIN.timeZone()),
          slot.slotId());
    }
  }

  // ---- validation
  // ------------------------------------------------------------------------------------------------

  private static final ScheduleRequest VALID =
      daily(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"), "09:00", "17:00", 10);

  private static void assertInvalid(
      String expectedMessage, Function<ScheduleRequest, ScheduleRequest> change) {
    ScheduleRequest request = change.apply(VALID);
    ScheduleGenerator.InvalidSchedule e =
        assertThrows(
            ScheduleGenerator.InvalidSchedule.class,
            () -> ScheduleGenerator.validate(request, MAX_CAPACITY));
    assertEquals(expectedMessage, e.getMessage());
  }

  private static ScheduleRequest with(
      ScheduleRequest r,
      LocalDate from,
      LocalDate to,
      String start,
      String end,
      int minutes,
      int capacity) {
    return new ScheduleRequest(
        from,
        to,
        start == null ? null : LocalTime.parse(start),
        end == null ? null : LocalTime.parse(end),
        minutes,
        capacity,
        r.daysOfWeek());
  }

  @Test
  void aValidRequestPasses() {
    assertDoesNotThrow(() -> ScheduleGenerator.validate(VALID, MAX_CAPACITY));
    assertDoesNotThrow(
        () ->
            ScheduleGenerator.validate(
                with(VALID, VALID.from(), VALID.from(), "00:00", "23:59", 1439, MAX_CAPACITY),
                MAX_CAPACITY));
  }

  @Test
  void datesAreRequiredAndOrdered() {
    assertInvalid(
        "from and to are required dates", r -> with(r, null, r.to(), "09:00", "17:00", 10, 50));
    assertInvalid(
        "from and to are required dates", r -> with(r, r.from(), null, "09:00", "17:00", 10, 50));
    assertInvalid(
        "to must not be before from", r -> with(r, r.to(), r.from(), "09:00", "17:00", 10, 50));
  }

  @Test
  void dailyTimesAreRequiredAndOrdered() {
    assertInvalid(
        "dailyStart and dailyEnd are required times",
        r -> with(r, r.from(), r.to(), null, "17:00", 10, 50));
    assertInvalid(
        "dailyStart and dailyEnd are required times",
        r -> with(r, r.from(), r.to(), "09:00", null, 10, 50));
    assertInvalid(
        "dailyEnd must be after dailyStart",
        r -> with(r, r.from(), r.to(), "17:00", "17:00", 10, 50));
    assertInvalid(
        "dailyEnd must be after dailyStart",
        r -> with(r, r.from(), r.to(), "17:00", "09:00", 10, 50));
  }

  @Test
  void slotLengthAndCapacityAreBounded() {
    assertInvalid(
        "slotMinutes must be between 1 and 1440",
        r -> with(r, r.from(), r.to(), "09:00", "17:00", 0, 50));
    assertInvalid(
        "slotMinutes must be between 1 and 1440",
        r -> with(r, r.from(), r.to(), "09:00", "17:00", 1441, 50));
    assertInvalid(
        "capacity must be between 1 and 100000",
        r -> with(r, r.from(), r.to(), "09:00", "17:00", 10, 0));
    assertInvalid(
        "capacity must be between 1 and 100000",
        r -> with(r, r.from(), r.to(), "09:00", "17:00", 10, MAX_CAPACITY + 1));
  }
}
