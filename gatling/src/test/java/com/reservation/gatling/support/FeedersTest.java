package com.reservation.gatling.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A run is replayable only if its feeders are a pure function of the seed. */
class FeedersTest {
  private static List<Map<String, Object>> take(Iterator<Map<String, Object>> feeder, int n) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < n; i++) records.add(feeder.next());
    return records;
  }

  @Test
  void theSameSeedGivesTheSameRecords() {
    assertEquals(
        take(Feeders.customers(7, "hot"), 1_000), take(Feeders.customers(7, "hot"), 1_000));
    assertEquals(
        take(Feeders.picks(7, "slot", 10_000), 1_000),
        take(Feeders.picks(7, "slot", 10_000), 1_000));
    assertNotEquals(
        take(Feeders.picks(7, "slot", 10_000), 100), take(Feeders.picks(8, "slot", 10_000), 100));
    assertNotEquals(
        take(Feeders.picks(7, "slot", 10_000), 100), take(Feeders.picks(7, "other", 10_000), 100));
  }

  @Test
  void customersAreDistinctAndValidIds() {
    Set<Object> ids = new HashSet<>();
    for (Map<String, Object> customer : take(Feeders.customers(-3, "spread"), 100_000)) {
      String id = (String) customer.get("customerId");
      assertTrue(id.matches("[A-Za-z0-9._:-]{1,64}"), id);
      ids.add(id);
    }
    assertEquals(100_000, ids.size());
  }

  @Test
  void picksStayInRange() {
    for (Map<String, Object> pick : take(Feeders.picks(1, "slot", 3), 1_000)) {
      int value = (Integer) pick.get("slot");
      assertTrue(value >= 0 && value < 3);
    }
  }
}
