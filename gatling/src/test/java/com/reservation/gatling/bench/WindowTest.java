package com.reservation.gatling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowTest {
  @Test
  void countsOutcomesAndPercentilesOfTheOkAnswers() {
    Window window = new Window(true);
    for (int ms = 1; ms <= 100; ms++) window.record(201, null, ms, Verdict.COUNTED);
    window.record(409, "slot-full", 5, Verdict.OK);
    window.record(503, "overloaded", 9_000, Verdict.KO);
    assertEquals(100, window.counted());
    assertEquals(101, window.ok());
    assertEquals(1, window.ko());
    assertEquals(Map.of("201", 100L, "409 slot-full", 1L, "503 overloaded", 1L), window.outcomes());
    assertEquals(50, window.percentile(50));
    assertEquals(99, window.percentile(99));
    assertEquals(100, window.percentile(100));
  }

  @Test
  void aWarmUpWindowKeepsNoHistogram() {
    Window window = new Window(false);
    window.record(200, null, 3, Verdict.COUNTED);
    assertEquals(-1, window.percentile(99));
    assertEquals(1, window.counted());
  }
}
