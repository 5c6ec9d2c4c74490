package com.reservation.gatling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The citizen workload's skew: seeded, in range, and skewed the way it says. */
class ZipfTest {
  private static List<Integer> take(Zipf zipf, int n) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < n; i++) values.add(zipf.next());
    return values;
  }

  @Test
  void theSameSeedGivesTheSameChoices() {
    assertEquals(
        take(new Zipf(7, "day", 30, 0.8), 2_000), take(new Zipf(7, "day", 30, 0.8), 2_000));
    assertNotEquals(take(new Zipf(7, "day", 30, 0.8), 200), take(new Zipf(8, "day", 30, 0.8), 200));
    assertNotEquals(
        take(new Zipf(7, "day", 30, 0.8), 200), take(new Zipf(7, "time", 30, 0.8), 200));
  }

  @Test
  void choicesStayInRangeCoverItAndFollowTheWeights() {
    Zipf zipf = new Zipf(42, "day", 30, 1.0);
    int[] counts = new int[30];
    int draws = 300_000;
    for (int value : take(zipf, draws)) {
      assertTrue(value >= 0 && value < 30, "in range: " + value);
      counts[value]++;
    }
    Set<Integer> seen = new HashSet<>();
    for (int k = 0; k < 30; k++) if (counts[k] > 0) seen.add(k);
    assertEquals(30, seen.size());
    // Classic Zipf over 30: rank 0 has 1/H(30) = 25.1%, rank 1 half of it, rank 29 1/30 of it.
    assertEquals(0.2503, zipf.probability(0), 0.001);
    for (int k : new int[] {0, 1, 9, 29}) {
      double expected = zipf.probability(k) * draws;
      assertEquals(expected, counts[k], 5 * Math.sqrt(expected), "rank " + k);
    }
    assertTrue(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[29]);
  }

  @Test
  void exponentZeroIsUniformAndRankFindsTheBucket() {
    Zipf uniform = new Zipf(1, "u", 4, 0);
    for (int k = 0; k < 4; k++) assertEquals(0.25, uniform.probability(k), 1e-12);
    assertEquals(0, uniform.rank(0.0));
    assertEquals(0, uniform.rank(0.2499));
    assertEquals(1, uniform.rank(0.25));
    assertEquals(3, uniform.rank(0.99999));
  }

  @Test
  void citizenPeopleAreNewEveryTimeWithValidIds() {
    Citizen.People people = new Citizen.People(-3);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String body = people.nextBody();
      String id = body.substring(body.indexOf(":\"") + 2, body.indexOf("\","));
      assertTrue(id.matches("[A-Za-z0-9._:-]{1,64}"), id);
      assertTrue(body.contains("\"name\":\"Citizen " + i + "\""), body);
      assertTrue(body.matches(".*\"phone\":\"01[0-9]{8}\".*"), body);
      ids.add(id);
    }
    assertEquals(10_000, ids.size());
  }
}
