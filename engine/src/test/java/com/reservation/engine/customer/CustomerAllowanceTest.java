package com.reservation.engine.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.reservation.engine.customer.AllowanceCommand.Refused;
import com.reservation.engine.customer.AllowanceCommand.Release;
import com.reservation.engine.customer.AllowanceCommand.Reserve;
import com.reservation.engine.testing.TestClock;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A customer's allowances on their own: at most the limit granted, idempotent per grant, given back
 * by a release or a refusal, no longer counted once the slot started, and a grant whose slot never
 * used it (the caller died between the steps) given back by asking the slot once its deadline has
 * passed, never before.
 */
class CustomerAllowanceTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Instant SLOT_START = Instant.parse("2026-12-01T01:20:00Z");
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final AllowanceSettings SETTINGS =
      new AllowanceSettings(
          Duration.ofSeconds(1), Duration.ofSeconds(2), 100, Duration.ofSeconds(30));
  private static final AtomicInteger CUSTOMERS = new AtomicInteger();

  private static ActorTestKit testKit;

  private TestClock clock;

  /** Grants the slots say are in use; every question asked, as "slotId/grantId". */
  private final Set<String> inUse = ConcurrentHashMap.newKeySet();

  private final List<String> asked = new CopyOnWriteArrayList<>();
  private EventSourcedBehaviorTestKit<AllowanceCommand, AllowanceEvent, AllowanceState> allowance;

  @BeforeAll
  static void start() {
    testKit =
        ActorTestKit.create("CustomerAllowanceTest", TestConfigs.eventSourcedBehaviorTestKit());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newAllowance() {
    clock = new TestClock(NOW);
    GrantChecks checks =
        (slotId, customerId, grantId) -> {
          asked.add(slotId + "/" + grantId);
          return CompletableFuture.completedFuture(inUse.contains(grantId));
        };
    allowance =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            CustomerAllowance.create(
                CustomerAllowance.entityId("pwtc", "c" + CUSTOMERS.incrementAndGet()),
                SETTINGS,
                checks,
                clock));
  }

  private AllowanceReply reserve(String grantId, int limit) {
    return reserve(grantId, "pwtc_20261201_0920", SLOT_START, limit);
  }

  private AllowanceReply reserve(String grantId, String slotId, Instant slotStart, int limit) {
    Instant deadline = clock.instant().plus(ASK_TIMEOUT);
    return allowance
        .<AllowanceReply>runCommand(
            replyTo -> new Reserve(grantId, slotId, slotStart, deadline, limit, replyTo))
        .reply();
  }

  private Reserve reserveCommand(String grantId, int limit, ActorRef<AllowanceReply> replyTo) {
    return new Reserve(
        grantId,
        "pwtc_20261201_0920",
        SLOT_START,
        clock.instant().plus(ASK_TIMEOUT),
        limit,
        replyTo);
  }

  private static void assertGranted(AllowanceReply reply) {
    assertInstanceOf(AllowanceReply.Granted.class, reply);
  }

  private static void assertLimitReached(AllowanceReply reply) {
    assertInstanceOf(AllowanceReply.LimitReached.class, reply);
  }

  @Test
  void grantsUpToTheLimitAndGrantsTheSameGrantAgain() {
    assertGranted(reserve("g1", 2));
    assertGranted(reserve("g2", 2));
    assertLimitReached(reserve("g3", 2));

    var again =
        allowance.<AllowanceReply>runCommand(
            replyTo ->
                new Reserve(
                    "g1", "pwtc_20261201_0920", SLOT_START, NOW.plusSeconds(5), 2, replyTo));
    assertGranted(again.reply());
    assertTrue(again.hasNoEvents(), "the same grant is granted once");
    assertEquals(Set.of("g1", "g2"), allowance.getState().grants().keySet());
  }

  @Test
  void aRetryAfterTheDeadlineKeepsItsGrantCountedUntilItsOwnDeadline() {
    assertGranted(reserve("g1", 1));
    // The first attempt's deadline passes (its outcome unknown to the caller), and the caller
    // retries with the same key: the same grant, now due by the retry's deadline.
    clock.advance(ASK_TIMEOUT.plusSeconds(10));
    var retry = allowance.<AllowanceReply>runCommand(replyTo -> reserveCommand("g1", 1, replyTo));
    assertGranted(retry.reply());
    assertEquals(
        clock.instant().plus(ASK_TIMEOUT), allowance.getState().grants().get("g1").deadline());
    // Meanwhile another request of the customer, at the limit: the slot has not seen the retry yet
    // (it would say "not in use"), but the grant's deadline has not passed, so nobody asks it and
    // the limit holds.
    assertLimitReached(reserve("g2", 1));
    assertEquals(List.of(), asked);
  }

  @Test
  void aReleaseOrARefusalGivesTheAllowanceBack() {
    assertGranted(reserve("g1", 1));
    assertLimitReached(reserve("g2", 1));

    allowance.runCommand(new Release("g1"));
    assertGranted(reserve("g2", 1));

    allowance.runCommand(new Refused("g2"));
    assertGranted(reserve("g3", 1));
    assertTrue(
        allowance.runCommand(new Release("unknown")).hasNoEvents(),
        "releasing twice changes nothing");
  }

  @Test
  void aGrantStopsCountingWhenItsSlotStarts() {
    assertGranted(reserve("g1", "pwtc_20261130_1230", NOW.plusSeconds(60), 1));
    assertLimitReached(reserve("g2", 1));

    clock.advance(Duration.ofSeconds(60));

    assertGranted(reserve("g2", 1));
    assertEquals(Set.of("g2"), allowance.getState().grants().keySet());
  }

  @Test
  void aGrantTheSlotNeverUsedIsGivenBackOnlyOnceItsDeadlinePassed() {
    // The caller got g1, then died before asking the slot: nothing in the slot uses it.
    assertGranted(reserve("g1", 1));

    // Before the deadline (+ the margin) the slot may still decide the command: nobody asks, the
    // limit holds.
    clock.advance(ASK_TIMEOUT);
    assertLimitReached(reserve("g2", 1));
    assertTrue(
        asked.isEmpty(), "no slot is asked before the grant's deadline has passed: " + asked);

    clock.advance(SETTINGS.settleAfter().plusMillis(1));
    assertGranted(reserve("g2", 1));
    assertEquals(List.of("pwtc_20261201_0920/g1"), asked);
    assertEquals(Set.of("g2"), allowance.getState().grants().keySet());
  }

  @Test
  void aGrantInUseIsKeptAndNotAskedAboutAgainAtOnce() {
    assertGranted(reserve("g1", 1));
    inUse.add("g1");
    clock.advance(ASK_TIMEOUT.plus(Duration.ofSeconds(2)));

    assertLimitReached(reserve("g2", 1));
    assertLimitReached(reserve("g3", 1));
    assertEquals(
        1, asked.size(), "a customer retrying at the limit costs the slot one question: " + asked);

    clock.advance(SETTINGS.recheckAfter().plusMillis(1));
    inUse.remove("g1"); // cancelled, and the slot's report of it was lost
    assertGranted(reserve("g4", 1));
    assertEquals(2, asked.size());
  }

  @Test
  void aRefusalOfOneOfTwoDuplicatesLeavesTheGrantToBeSettledBySlot() {
    // Two concurrent retries of one keyed request share a grant: the first was refused, the second
    // may have booked.
    assertGranted(reserve("shared", 1));
    assertGranted(reserve("shared", 1));
    allowance.runCommand(new Refused("shared"));

    assertEquals(Set.of("shared"), allowance.getState().grants().keySet());
    allowance.runCommand(new Refused("shared"));
    assertEquals(Map.of(), allowance.getState().grants());
  }

  /**
   * A retry with the key of a record its slot no longer keeps makes a second record with the same
   * grant; the report that the first one ended may arrive after the retry was granted. It must not
   * free the grant the second record uses.
   */
  @Test
  void aLateReleaseOfARetriedGrantLeavesItToBeSettledBySlot() {
    assertGranted(reserve("keyed", 1)); // the first hold, released since; its slot forgot it
    assertGranted(reserve("keyed", 1)); // the retry, before the report: a second hold
    allowance.runCommand(new Release("keyed")); // the late report of the first hold's end
    assertEquals(Set.of("keyed"), allowance.getState().grants().keySet());
    assertLimitReached(reserve("other", 1));

    allowance.runCommand(new Release("keyed")); // the second hold ends
    assertGranted(reserve("other", 1));
  }

  @Test
  void grantsSurviveARestart() {
    assertGranted(reserve("g1", 2));
    assertGranted(reserve("g2", 2));

    allowance.restart();

    assertEquals(Set.of("g1", "g2"), allowance.getState().grants().keySet());
    assertLimitReached(reserve("g3", 2));
  }
}
