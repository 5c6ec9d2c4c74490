package com.reservation.engine.waitingroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The admission bounds of the contract, over any window a client may measure: at most {@code
 * admitPerMinute} over any minute, a sixth of it plus one over any 10 s, {@code maxActive} at once,
 * however irregular the rounds (a round late after a failover, two close together).
 */
class AdmissionRulesTest {
  private static final Instant START = Instant.parse("2026-12-08T10:00:00Z");

  private static RoomSettings room(int perMinute, int maxActive, int ttlSeconds) {
    return new RoomSettings(
        START,
        START.minus(Duration.ofMinutes(30)),
        perMinute,
        maxActive,
        ttlSeconds,
        LineOrder.RANDOM_THEN_FIFO,
        null);
  }

  @Test
  void noWindowEverHoldsMoreThanTheRateAllows() {
    SplittableRandom random = new SplittableRandom(20261207);
    for (int rate : new int[] {1, 5, 59, 60, 100, 601, 3000, 100_000}) {
      RoomSettings room = room(rate, 0, 600);
      List<RoomState.AdmissionBatch> all = new ArrayList<>();
      List<RoomState.AdmissionBatch> recent = new ArrayList<>();
      Instant now = START;
      int frontier = 0;
      double earned = 0;
      for (int round = 0; round < 2_000; round++) {
        // Rounds every 0.2 to 3 s: late ones (a failover) and early ones must not break a bound;
        // and now and then a round that earned far more than it should (a clock jump).
        Duration since = Duration.ofMillis(200 + random.nextInt(2_800));
        now = now.plus(since);
        Instant at = now;
        recent.removeIf(b -> !b.expiresAt().isAfter(at));
        earned =
            random.nextInt(50) == 0
                ? rate
                : AdmissionRules.earned(room, earned, since, Duration.ofMillis(250));
        int n = AdmissionRules.admissible(room, 1_000_000, recent, now, earned);
        earned -= n;
        if (n > 0) {
          RoomState.AdmissionBatch batch =
              new RoomState.AdmissionBatch(frontier, frontier + n, now, now.plusSeconds(600));
          frontier += n;
          all.add(batch);
          recent.add(batch);
        }
      }
      assertTrue(frontier > 0, "rate " + rate + " admitted someone");
      for (RoomState.AdmissionBatch from : all) {
        // Every window that starts at an admission (the fullest ones do), both ends included.
        assertTrue(
            AdmissionRulesTest.admittedWithin(all, from.at(), Duration.ofMinutes(1)) <= rate,
            "rate " + rate + ": over a minute from " + from.at());
        assertTrue(
            admittedWithin(all, from.at(), Duration.ofSeconds(10)) <= rate / 6 + 1,
            "rate " + rate + ": over 10 s from " + from.at());
      }
    }
  }

  private static int admittedWithin(
      List<RoomState.AdmissionBatch> all, Instant from, Duration window) {
    Instant to = from.plus(window);
    int count = 0;
    for (RoomState.AdmissionBatch b : all)
      if (!b.at().isBefore(from) && !b.at().isAfter(to)) count += b.count();
    return count;
  }

  @Test
  void aSteadyRoomAdmitsAtItsRateInRoundsOfItsShare() {
    RoomSettings room = room(600, 0, 600);
    List<RoomState.AdmissionBatch> recent = new ArrayList<>();
    Instant now = START;
    int total = 0;
    Duration round = Duration.ofMillis(250);
    double earned = 0;
    for (int i = 0; i < 480; i++) {
      now = now.plus(round);
      earned = AdmissionRules.earned(room, earned, round, round);
      int n = AdmissionRules.admissible(room, 100_000, recent, now, earned);
      earned -= n;
      assertTrue(n <= 3, "a round admits its share (2.5), not a lump: " + n);
      recent.add(new RoomState.AdmissionBatch(total, total + n, now, now.plusSeconds(600)));
      total += n;
    }
    // Two minutes at 600 per minute; a window counts both its ends, so the 10 s bound (101)
    // spans 41 rounds of 250 ms and the rate comes out a little under the setting.
    assertTrue(total >= 1_160 && total <= 1_200, "admitted " + total + " in two minutes");
  }

  @Test
  void maxActiveBoundsThoseWhoseAdmissionHasNotExpired() {
    RoomSettings room = room(6_000, 25, 60);
    List<RoomState.AdmissionBatch> recent = new ArrayList<>();
    Instant now = START;
    int total = 0;
    for (int second = 0; second < 300; second++) {
      now = now.plusSeconds(1);
      Instant at = now;
      recent.removeIf(b -> !b.expiresAt().isAfter(at));
      int n = AdmissionRules.admissible(room, 100_000, recent, now, 100);
      recent.add(new RoomState.AdmissionBatch(total, total + n, now, now.plusSeconds(60)));
      total += n;
      assertTrue(AdmissionRules.active(recent, now) <= 25, "active at " + second + " s");
    }
    // Each admission lasts a minute, so about 25 a minute get in: the rest wait.
    assertTrue(total >= 25 * 4 && total <= 25 * 6, "admitted " + total + " over 5 minutes");
  }

  @Test
  void aLowRateAdmitsEvenlyNotInLumps() {
    RoomSettings room = room(60, 0, 600);
    List<RoomState.AdmissionBatch> recent = new ArrayList<>();
    Duration round = Duration.ofMillis(250);
    Instant now = START;
    double earned = 0;
    int total = 0;
    for (int i = 0; i < 40; i++) {
      now = now.plus(round);
      earned = AdmissionRules.earned(room, earned, round, round);
      int n = AdmissionRules.admissible(room, 100, recent, now, earned);
      earned -= n;
      recent.add(new RoomState.AdmissionBatch(total, total + n, now, now.plusSeconds(600)));
      total += n;
    }
    // One per second over ten seconds, not eleven in the first three.
    assertEquals(10, total);
  }

  @Test
  void nobodyIsAdmittedWhenNobodyWaits() {
    assertEquals(0, AdmissionRules.admissible(room(600, 0, 600), 0, List.of(), START, 10));
  }

  @Test
  void theEstimatedWaitFollowsTheRate() {
    assertEquals(60, AdmissionRules.secondsFor(room(600, 0, 600), 600));
    assertEquals(1, AdmissionRules.secondsFor(room(600, 0, 600), 1));
    // Ten admitted at a time for 600 s each: one every 60 s.
    assertEquals(600, AdmissionRules.secondsFor(room(600, 10, 600), 10));
  }
}
