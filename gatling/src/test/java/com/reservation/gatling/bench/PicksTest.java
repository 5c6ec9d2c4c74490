package com.reservation.gatling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A run is replayable only if its choices are a pure function of the seed. */
class PicksTest {
  private static List<Integer> take(Picks picks, int n, int bound) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < n; i++) values.add(picks.next(bound));
    return values;
  }

  @Test
  void theSameSeedGivesTheSameChoices() {
    assertEquals(
        take(new Picks(7, "slot"), 1_000, 10_000), take(new Picks(7, "slot"), 1_000, 10_000));
    assertNotEquals(
        take(new Picks(7, "slot"), 100, 10_000), take(new Picks(8, "slot"), 100, 10_000));
    assertNotEquals(
        take(new Picks(7, "slot"), 100, 10_000), take(new Picks(7, "other"), 100, 10_000));
  }

  @Test
  void choicesStayInRangeAndCoverIt() {
    Set<Integer> seen = new HashSet<>();
    for (int value : take(new Picks(1, "slot"), 10_000, 100)) {
      assertTrue(value >= 0 && value < 100);
      seen.add(value);
    }
    assertEquals(100, seen.size());
  }

  @Test
  void customersAreDistinctAndValidIds() {
    Picks.Customers customers = new Picks.Customers(-3, "spread");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String body = customers.nextBody();
      String id = body.substring(body.indexOf(":\"") + 2, body.indexOf("\","));
      assertTrue(id.matches("[A-Za-z0-9._:-]{1,64}"), id);
      ids.add(id);
    }
    assertEquals(10_000, ids.size());
  }
}
