package com.reservation.gatling.support;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading an exported arrival curve, scaling it and timing it. */
class ArrivalCurveTest {
  private static final List<String> CSV =
      List.of(
          ArrivalCurve.HEADER,
          "0,2026-12-01T01:00:00Z,0,v_20261201_0900,2026-12-01T09:00,100,3,3,0,0",
          "0,2026-12-01T01:00:00Z,1,v_20261201_0930,2026-12-01T09:30,5,1,1,0,0",
          "2,2026-12-01T01:00:02Z,0,v_20261201_0900,2026-12-01T09:00,100,2,0,2,0");

  @Test
  void theCurveKeepsItsSecondsSlotsAndCapacities() {
    ArrivalCurve curve = ArrivalCurve.parse(CSV, 1.0, 50);
    assertEquals(List.of(100, 5), curve.capacities());
    assertEquals(List.of(List.of(0, 1, 0, 0), List.of(), List.of(0, 0)), curve.arrivalsPerSecond());
    assertEquals(6, curve.totalArrivals());
  }

  @Test
  void scalingMultipliesArrivalsAndCarriesFractions() {
    assertEquals(12, ArrivalCurve.parse(CSV, 2.0, 50).totalArrivals());
    ArrivalCurve half = ArrivalCurve.parse(CSV, 0.5, 50);
    assertEquals(
        List.of(List.of(0), List.of(), List.of(0)),
        half.arrivalsPerSecond(),
        "1.5 + 0.5 carried, 0.5 dropped");
  }

  @Test
  void speedShortensTheCurveInStepsOfWholeSecondsAndBadInputIsRefused() {
    ArrivalCurve curve = ArrivalCurve.parse(CSV, 1.0, 50);
    assertEquals(
        List.of(
            new ArrivalCurve.Step(4, Duration.ofSeconds(1)),
            new ArrivalCurve.Step(0, Duration.ofSeconds(1)),
            new ArrivalCurve.Step(2, Duration.ofSeconds(1))),
        curve.steps(1));
    assertEquals(
        List.of(
            new ArrivalCurve.Step(4, Duration.ofSeconds(1)),
            new ArrivalCurve.Step(2, Duration.ofSeconds(1))),
        curve.steps(2),
        "two recorded seconds per replayed second");
    assertEquals(
        List.of(new ArrivalCurve.Step(6, Duration.ofSeconds(2))),
        curve.steps(1.5),
        "three make two");
    assertEquals(3, curve.steps(0.5).size());
    assertEquals(Duration.ofSeconds(2), curve.steps(0.5).get(0).duration());
    assertThrows(IllegalArgumentException.class, () -> curve.steps(0));
    assertThrows(IllegalArgumentException.class, () -> curve.steps(1.234));
    assertThrows(IllegalArgumentException.class, () -> ArrivalCurve.parse(List.of("a,b"), 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> ArrivalCurve.parse(List.of(ArrivalCurve.HEADER, "1,2"), 1, 1));
  }
}
