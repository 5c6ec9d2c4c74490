package com.reservation.engine.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.reservation.engine.customer.AllowanceCommand.Refused;
import com.reservation.engine.customer.AllowanceCommand.Release;
import com.reservation.engine.customer.AllowanceCommand.Reserve;
import com.reservation.engine.testing.EarlierAllowanceEntity;
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
class AllowanceBucketTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Instant SLOT_START = Instant.parse("2026-12-01T01:20:00Z");
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final AllowanceSettings SETTINGS =
      new AllowanceSettings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          100,
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofSeconds(5));
  private static final AtomicInteger VENUES = new AtomicInteger();

  /** The customer most tests are about; others share its bucket. */
  private static final String CUSTOMER = "alice";

  private static ActorTestKit testKit;

  private TestClock clock;

  /** Grants the slots say are in use; every question asked, as "slotId/grantId". */
  private final Set<String> inUse = ConcurrentHashMap.newKeySet();

  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** Completes when the slots answer questions about grants (at once unless a test holds it). */
  private CompletableFuture<Void> slotsAnswer = CompletableFuture.completedFuture(null);

  private EventSourcedBehaviorTestKit<AllowanceCommand, BucketEvent, AllowanceBook> allowance;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("AllowanceBucketTest", TestConfigs.eventSourcedBehaviorTestKit());
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
          return slotsAnswer.thenApply(answered -> inUse.contains(grantId));
        };
    allowance =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            AllowanceBucket.create(
                AllowanceBucket.entityId("pwtc" + VENUES.incrementAndGet(), CUSTOMER),
                SETTINGS,
                checks,
                EarlierAllowances.Directory.none(),
                clock),
            EventSourcedBehaviorTestKit.enabledSerializationSettings()
                .withVerifyState(false)
                .withVerifyCommands(false));
  }

  private AllowanceReply reserve(String grantId, int limit) {
    return reserve(grantId, "pwtc_20261201_0920", SLOT_START, limit);
  }

  private AllowanceReply reserve(String grantId, String slotId, Instant slotStart, int limit) {
    return reserveFor(CUSTOMER, grantId, slotId, slotStart, limit);
  }

  private AllowanceReply reserveFor(
      String customerId, String grantId, String slotId, Instant slotStart, int limit) {
    Instant deadline = clock.instant().plus(ASK_TIMEOUT);
    return allowance
        .<AllowanceReply>runCommand(
            replyTo ->
                new Reserve(customerId, grantId, slotId, slotStart, deadline, limit, replyTo))
        .reply();
  }

  private AllowanceState stateOf(String customerId) {
    return allowance.getState().of(customerId);
  }

  private Reserve reserveCommand(String grantId, int limit, ActorRef<AllowanceReply> replyTo) {
    return new Reserve(
        CUSTOMER,
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
                    CUSTOMER,
                    "g1",
                    "pwtc_20261201_0920",
                    SLOT_START,
                    NOW.plusSeconds(5),
                    2,
                    replyTo));
    assertGranted(again.reply());
    assertTrue(again.hasNoEvents(), "the same grant is granted once");
    assertEquals(Set.of("g1", "g2"), stateOf(CUSTOMER).grants().keySet());
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
        clock.instant().plus(ASK_TIMEOUT), stateOf(CUSTOMER).grants().get("g1").deadline());
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

    allowance.runCommand(new Release(CUSTOMER, "g1"));
    assertGranted(reserve("g2", 1));

    allowance.runCommand(new Refused(CUSTOMER, "g2"));
    assertGranted(reserve("g3", 1));
    assertTrue(
        allowance.runCommand(new Release(CUSTOMER, "unknown")).hasNoEvents(),
        "releasing twice changes nothing");
  }

  @Test
  void aGrantStopsCountingWhenItsSlotStarts() {
    assertGranted(reserve("g1", "pwtc_20261130_1230", NOW.plusSeconds(60), 1));
    assertLimitReached(reserve("g2", 1));

    clock.advance(Duration.ofSeconds(60));

    assertGranted(reserve("g2", 1));
    assertEquals(Set.of("g2"), stateOf(CUSTOMER).grants().keySet());
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
    assertEquals(Set.of("g2"), stateOf(CUSTOMER).grants().keySet());
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
    allowance.runCommand(new Refused(CUSTOMER, "shared"));

    assertEquals(Set.of("shared"), stateOf(CUSTOMER).grants().keySet());
    allowance.runCommand(new Refused(CUSTOMER, "shared"));
    assertEquals(Map.of(), stateOf(CUSTOMER).grants());
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
    allowance.runCommand(new Release(CUSTOMER, "keyed")); // the late report of the first's end
    assertEquals(Set.of("keyed"), stateOf(CUSTOMER).grants().keySet());
    assertLimitReached(reserve("other", 1));

    allowance.runCommand(new Release(CUSTOMER, "keyed")); // the second hold ends
    assertGranted(reserve("other", 1));
  }

  @Test
  void grantsSurviveARestart() {
    assertGranted(reserve("g1", 2));
    assertGranted(reserve("g2", 2));

    allowance.restart();

    assertEquals(Set.of("g1", "g2"), stateOf(CUSTOMER).grants().keySet());
    assertLimitReached(reserve("g3", 2));
  }

  /** Another customer id whose allowances live in the same bucket as {@code customerId}'s. */
  private static String sameBucketAs(String customerId, String prefix) {
    for (int i = 0; ; i++) {
      String other = prefix + i;
      if (AllowanceBucket.bucketOf(other) == AllowanceBucket.bucketOf(customerId)) return other;
    }
  }

  @Test
  void customersOfOneBucketHaveTheirOwnLimitsEvenWithTheSameGrantIds() {
    String bob = sameBucketAs(CUSTOMER, "bob");
    assertGranted(reserve("g1", 1));
    assertLimitReached(reserve("g2", 1));
    // The same grant id (the same idempotency key) of another customer is another grant.
    assertGranted(reserveFor(bob, "g1", "pwtc_20261201_0920", SLOT_START, 1));
    assertLimitReached(reserveFor(bob, "g3", "pwtc_20261201_0920", SLOT_START, 1));
    allowance.runCommand(new Release(bob, "g1"));
    assertEquals(Set.of("g1"), stateOf(CUSTOMER).grants().keySet(), "alice keeps hers");
    assertGranted(reserveFor(bob, "g3", "pwtc_20261201_0920", SLOT_START, 1));
  }

  @Test
  void aCustomerWhoseSlotsAreAskedWaitsAndTheOthersDoNot() {
    String bob = sameBucketAs(CUSTOMER, "bob");
    assertGranted(reserve("g1", 1));
    clock.advance(ASK_TIMEOUT.plus(SETTINGS.settleAfter()).plusMillis(1));
    slotsAnswer = new CompletableFuture<>();

    TestProbe<AllowanceReply> aliceAnswer = testKit.createTestProbe();
    allowance.runCommand(reserveCommand("g2", 1, aliceAnswer.ref()));
    aliceAnswer.expectNoMessage(Duration.ofMillis(100));
    assertEquals(List.of("pwtc_20261201_0920/g1"), asked);

    // Meanwhile another customer of the bucket is decided at once.
    assertGranted(reserveFor(bob, "b1", "pwtc_20261201_0920", SLOT_START, 1));

    slotsAnswer.complete(null); // g1 is not in use: the slot never saw it
    assertGranted(aliceAnswer.receiveMessage());
    assertEquals(Set.of("g2"), stateOf(CUSTOMER).grants().keySet());
  }

  @Test
  void grantsOfStartedSlotsAreForgottenForEveryCustomerSoTheBucketKeepsOnlyWhatCounts() {
    Instant soon = NOW.plusSeconds(60);
    for (int i = 0; i < 50; i++) {
      assertGranted(reserveFor("once" + i, "g", "pwtc_20261130_1230", soon, 1));
    }
    assertGranted(reserve("g1", 1)); // alice's slot starts tomorrow
    assertEquals(51, allowance.getState().size());

    clock.advance(Duration.ofSeconds(61));
    allowance.runCommand(new AllowanceCommand.ForgetStarted());

    assertEquals(1, allowance.getState().size(), "only alice's grant is still to come");
    assertEquals(Set.of("g1"), stateOf(CUSTOMER).grants().keySet());
    allowance.restart();
    assertEquals(1, allowance.getState().size());
  }

  @Test
  void aNewBucketImportsWhatEarlierVersionsStoredPerCustomer() {
    String venue = "earlier" + VENUES.incrementAndGet();
    String carol = sameBucketAs(CUSTOMER, "carol");
    String elsewhere = "dave";
    while (AllowanceBucket.bucketOf(elsewhere) == AllowanceBucket.bucketOf(CUSTOMER))
      elsewhere += "x";
    CompletableFuture<List<String>> listed = new CompletableFuture<>();
    var bucket =
        EventSourcedBehaviorTestKit.<AllowanceCommand, BucketEvent, AllowanceBook>create(
            testKit.system(),
            AllowanceBucket.create(
                AllowanceBucket.entityId(venue, CUSTOMER),
                SETTINGS,
                (slotId, customerId, grantId) -> CompletableFuture.completedFuture(true),
                venueId -> listed,
                clock),
            EventSourcedBehaviorTestKit.enabledSerializationSettings()
                .withVerifyState(false)
                .withVerifyCommands(false));
    // Stored once the testkit has started (it clears its journal when it starts), while the new
    // bucket waits for the list.
    // As an earlier version stored them: one entity per venue and customer.
    EarlierAllowanceEntity.store(
        testKit,
        venue,
        CUSTOMER,
        new AllowanceEvent.Granted("old1", "pwtc_20261201_0920", SLOT_START, NOW),
        new AllowanceEvent.Granted("old2", "pwtc_20261201_0920", SLOT_START, NOW),
        new AllowanceEvent.Released(List.of("old2")));
    EarlierAllowanceEntity.store(testKit, venue, carol, new AllowanceEvent.Released(List.of()));
    EarlierAllowanceEntity.store(
        testKit,
        venue,
        elsewhere,
        new AllowanceEvent.Granted("old3", "pwtc_20261201_0920", SLOT_START, NOW));

    listed.complete(List.of(CUSTOMER, carol, elsewhere));
    var limited =
        bucket.<AllowanceReply>runCommand(
            replyTo ->
                new Reserve(
                    CUSTOMER,
                    "new",
                    "pwtc_20261201_0920",
                    SLOT_START,
                    clock.instant().plus(ASK_TIMEOUT),
                    1,
                    replyTo));
    assertLimitReached(limited.reply());
    assertEquals(
        Set.of(CUSTOMER),
        bucket.getState().customers().asJava().keySet(),
        "alice's grant came over; carol had none, dave lives in another bucket");
    assertEquals(Set.of("old1"), bucket.getState().of(CUSTOMER).grants().keySet());

    // Looked for once: a restarted bucket does not look again (the list would now fail).
    listed.obtrudeException(new IllegalStateException("not asked again"));
    bucket.restart();
    assertEquals(Set.of("old1"), bucket.getState().of(CUSTOMER).grants().keySet());
  }
}
