package com.reservation.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.gatling.support.Layout;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulations compute slot ids from their layouts; the schedule they post must define exactly
 * those slots.
 */
class ScheduleSlotsTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static List<String> expand(String venue, ZoneId zone, Map<String, Object> body) {
    ScheduleRequest request =
        new ScheduleRequest(
            (String) body.get("from"),
            (String) body.get("to"),
            (String) body.get("dailyStart"),
            (String) body.get("dailyEnd"),
            (Integer) body.get("slotMinutes"),
            (Integer) body.get("capacity"),
            null);
    return ScheduleSlots.expand(venue, zone, request).stream()
        .map(ScheduleSlots.SlotRow::id)
        .toList();
  }

  private static void assertSameSlots(Layout layout) {
    List<String> defined = expand(layout.venueId(), UTC, layout.scheduleRequest());
    assertEquals(layout.slots(), defined.size());
    for (int i = 0; i < layout.slots(); i++) assertEquals(defined.get(i), layout.slotId(i));
  }

  @Test
  void layoutsComputeTheIdsTheirSchedulesDefine() {
    LocalDate from = LocalDate.of(2026, 12, 1);
    assertSameSlots(Layout.dense("g42-spread", from, 10_000, 1_000));
    assertSameSlots(Layout.dense("g42-hot", from, 200, 20_000));
    assertSameSlots(Layout.dense("g42-full", from, 1, 1));
    assertSameSlots(Layout.site("g42-site", from, 61, 10));
    assertEquals("g42-site_20261201_0900", Layout.site("g42-site", from, 61, 10).slotId(0));
    assertEquals(
        "g42-spread_20270119_2235", Layout.dense("g42-spread", from, 10_000, 1).slotId(9_999));
  }

  @Test
  void aSkippedDaylightSavingHourGetsNoSlot() {
    Map<String, Object> body =
        Map.of(
            "from",
            "2026-03-29",
            "to",
            "2026-03-29",
            "dailyStart",
            "01:00",
            "dailyEnd",
            "04:00",
            "slotMinutes",
            30,
            "capacity",
            10);
    assertEquals(
        List.of("b_20260329_0100", "b_20260329_0130", "b_20260329_0300", "b_20260329_0330"),
        expand("b", ZoneId.of("Europe/Berlin"), body));
  }
}
