package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.HoldView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.slot.storage.SlotSnapshots;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestConfigs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An awake slot expires its holds by its own timer, without any command arriving: after a write,
 * and after recovery (a restarted slot sets the timer from its recovered state).
 */
class SlotEntityExpiryTimerTest {
  private static final Duration TTL = Duration.ofSeconds(1);
  private static ActorTestKit testKit;
  private static PersistenceTestKit persistence;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("SlotEntityExpiryTimerTest", TestConfigs.persistenceTestKit());
    persistence = PersistenceTestKit.create(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static ActorRef<SlotCommand> spawn(String slotId) {
    SlotSettings settings =
        TestConfigs.slotSettings(
            "holds { min-ttl = "
                + TTL.toMillis()
                + "ms, default-ttl = "
                + TTL.toMillis()
                + "ms, offer-ttl = "
                + TTL.toMillis()
                + "ms, max-waitlist = 100 }");
    return testKit.spawn(
        SlotEntity.create(
            slotId,
            settings,
            SlotCatalog.NONE,
            SlotSnapshots.NONE,
            Clock.systemUTC(),
            new SequentialIds(),
            self -> {},
            GrantReleases.NONE));
  }

  private static List<SlotFact> stored(String slotId) {
    return persistence.persistedInStorage(SlotLedger.persistenceId(slotId).id()).stream()
        .flatMap(e -> ((SlotEvent) e).facts().stream())
        .toList();
  }

  private static Instant awaitExpiry(String slotId) {
    return testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            Duration.ofMillis(20),
            () -> {
              assertTrue(
                  stored(slotId).stream().anyMatch(SlotFact.HoldExpired.class::isInstance),
                  "the hold's expiry is stored");
              return Instant.now();
            });
  }

  private static HoldView hold(ActorRef<SlotCommand> slot) {
    TestProbe<HoldReply> caller = testKit.createTestProbe();
    slot.tell(new PlaceHold("c1", 1, TTL, null, Map.of(), null, caller.ref(), null, null));
    return assertInstanceOf(HoldReply.Current.class, caller.receiveMessage()).hold();
  }

  private static void define(ActorRef<SlotCommand> slot, String slotId) {
    LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0);
    TestProbe<SlotReply> defined = testKit.createTestProbe();
    slot.tell(
        new DefineSlot(
            new SlotDefinition(
                slotId, "t", start, start.plusMinutes(10), start.toInstant(ZoneOffset.UTC), 5),
            defined.ref()));
    defined.expectMessageClass(SlotReply.Current.class);
  }

  @Test
  void anAwakeSlotExpiresItsHoldWithoutBeingAsked() {
    String slotId = "t1_20261201_0920";
    ActorRef<SlotCommand> slot = spawn(slotId);
    define(slot, slotId);

    HoldView held = hold(slot);
    Instant seen = awaitExpiry(slotId);

    assertTrue(!seen.isBefore(held.expiresAt()), "never before its expiresAt");
    assertEquals(HoldStatus.HELD, held.status());
  }

  @Test
  void aRecoveredSlotSetsItsTimerFromItsState() {
    String slotId = "t2_20261201_0920";
    ActorRef<SlotCommand> first = spawn(slotId);
    define(first, slotId);
    hold(first);
    testKit.stop(first);

    // A new incarnation that nobody asks anything after its first message: recovery alone must set
    // the timer.
    ActorRef<SlotCommand> second = spawn(slotId);
    second.tell(new SlotCommand.ExpireDue(testKit.system().ignoreRef()));

    awaitExpiry(slotId);
  }

  /**
   * Confirms sent around the instant their holds expire, racing the slot's own timer: each is
   * answered one way only, and the slot agrees with the answer (a booking for each 201, the seats
   * back for each hold-expired).
   */
  @Test
  void confirmsRacingTheTimerResolveOneWayOnly() throws Exception {
    String slotId = "t3_20261201_0920";
    ActorRef<SlotCommand> slot = spawn(slotId);
    define(slot, slotId);
    List<HoldView> holds = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestProbe<HoldReply> caller = testKit.createTestProbe();
      slot.tell(
          new PlaceHold("racer-" + i, 1, TTL, null, Map.of(), null, caller.ref(), null, null));
      holds.add(assertInstanceOf(HoldReply.Current.class, caller.receiveMessage()).hold());
    }
    List<TestProbe<BookingReply>> confirms = new java.util.ArrayList<>();
    java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < holds.size(); i++) {
        HoldView hold = holds.get(i);
        TestProbe<BookingReply> caller = testKit.createTestProbe();
        confirms.add(caller);
        // From 20 ms before to 20 ms after the expiry instant.
        long delay = Duration.between(Instant.now(), hold.expiresAt()).toMillis() - 20 + i * 10L;
        timer.schedule(
            () -> slot.tell(new SlotCommand.ConfirmHold(hold.holdId(), caller.ref(), null)),
            Math.max(0, delay),
            java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      int confirmed = 0;
      for (int i = 0; i < holds.size(); i++) {
        BookingReply reply = confirms.get(i).receiveMessage(Duration.ofSeconds(5));
        TestProbe<HoldReply> lookup = testKit.createTestProbe();
        slot.tell(new SlotCommand.GetHold(holds.get(i).holdId(), lookup.ref()));
        HoldStatus status =
            assertInstanceOf(HoldReply.Current.class, lookup.receiveMessage()).hold().status();
        if (reply instanceof BookingReply.Booking) {
          confirmed++;
          assertEquals(HoldStatus.CONFIRMED, status);
        } else {
          assertEquals(RejectionReason.HOLD_EXPIRED, ((Rejected) reply).reason());
          assertEquals(HoldStatus.EXPIRED, status);
        }
      }
      TestProbe<SlotReply> view = testKit.createTestProbe();
      slot.tell(new SlotCommand.GetSlot(view.ref()));
      SlotView after = assertInstanceOf(SlotReply.Current.class, view.receiveMessage()).slot();
      assertEquals(confirmed, after.booked());
      assertEquals(0, after.held());
      assertEquals(5 - confirmed, after.available());
    } finally {
      timer.shutdownNow();
    }
  }
}
