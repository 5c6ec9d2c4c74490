package com.reservation.gatling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.reservation.gatling.bench.SteadyRule.Decision;
import com.reservation.gatling.bench.SteadyRule.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyRuleTest {
  private final SteadyRule rule = new SteadyRule(15, 60, 0.10, 0.10);

  @Test
  void steadyWhenTwoWindowsAgreeAndTheJitIsQuietAfterTheMinimum() {
    List<Sample> samples =
        List.of(new Sample(4_000, 0.9), new Sample(9_500, 0.3), new Sample(10_000, 0.05));
    assertEquals(Decision.STEADY, rule.decide(15, samples));
    assertEquals(Decision.CONTINUE, rule.decide(10, samples));
  }

  @Test
  void aPlateauWhileTheJitStillCompilesIsNotSteady() {
    assertEquals(
        Decision.CONTINUE,
        rule.decide(20, List.of(new Sample(10_000, 0.5), new Sample(10_200, 0.4))));
  }

  @Test
  void windowsMoreThanTenPercentApartAreNotSteady() {
    assertEquals(
        Decision.CONTINUE, rule.decide(20, List.of(new Sample(8_900, 0), new Sample(10_000, 0))));
    assertEquals(
        Decision.STEADY, rule.decide(20, List.of(new Sample(9_000, 0), new Sample(10_000, 0))));
  }

  @Test
  void givesUpAtTheMaximum() {
    assertEquals(
        Decision.GIVE_UP, rule.decide(60, List.of(new Sample(1_000, 1), new Sample(2_000, 1))));
  }

  @Test
  void anUnknownJitIsNoCondition() {
    assertEquals(
        Decision.STEADY,
        rule.decide(20, List.of(new Sample(100, Double.NaN), new Sample(100, Double.NaN))));
  }

  @Test
  void aWindowWithoutAnswersIsNeverSteady() {
    assertEquals(Decision.CONTINUE, rule.decide(20, List.of(new Sample(0, 0), new Sample(0, 0))));
  }
}
