package com.reservation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.ShardRegion.CurrentShardRegionState;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.availability.TimetableSlot;
import com.reservation.engine.customer.AllowanceBucket;
import com.reservation.engine.customer.AllowanceCommand;
import com.reservation.engine.customer.AllowanceEvent;
import com.reservation.engine.customer.AllowanceReply;
import com.reservation.engine.schedule.ScheduleRequest;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.EarlierAllowanceEntity;
import com.reservation.engine.testing.TestConfigs;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.WaitlistPolicy;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds and per-customer limits on a real node: sharding, our journal on an embedded PostgreSQL,
 * the availability projection and the expiry waker. Slots are passivated after 1 s idle here, so a
 * hold outlives its slot's incarnation and only the expiry waker can wake the slot in time.
 */
class HoldsPostgresTest {
  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final ZoneId ZONE = ZoneId.of("UTC");
  private static final LocalDate DAY = LocalDate.now(ZONE).plusDays(30);

  /** The contract's bound: a hold's seats are available again within this after its expiresAt. */
  private static final Duration EXPIRY_BOUND = Duration.ofSeconds(1);

  /** The engine's default: an allowance's deadline is this long after it was taken. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ActorTestKit node;
  private static ReservationEngine engine;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    DatabaseSettings dbSettings = new DatabaseSettings(db.url(), db.user(), db.password(), 10);
    dataSource = Database.pool(dbSettings, "holds-test");
    SchemaMigration.migrate(dataSource);
    node =
        ActorTestKit.create(
            "HoldsPostgresTest",
            ConfigFactory.parseString(
                    "akka.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 1s\n"
                        + "reservation.slot.holds.min-ttl = 1s\n")
                .withFallback(TestConfigs.clusterNode(dbSettings)));
    Cluster cluster = Cluster.get(node.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    node.createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(20),
            () -> {
              assertEquals(MemberStatus.up(), cluster.selfMember().status());
              return null;
            });
    engine = EngineAssembly.start(node.system(), dataSource);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (node != null) node.shutdownTestKit();
    } finally {
      try {
        if (dataSource != null) dataSource.close();
      } finally {
        if (db != null) db.close();
      }
    }
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(ANSWER.toSeconds(), TimeUnit.SECONDS);
  }

  /** The slot resolved as the HTTP layer resolves it: its id parsed, its venue found. */
  private static SeatTarget target(String slotId) throws Exception {
    SlotId.Parts parts = SlotId.parse(slotId).orElseThrow();
    return new SeatTarget(slotId, parts, get(engine.venues().find(parts.venueId())).orElseThrow());
  }

  /** A venue of its own with a day of 09:00..10:00 slots every 10 minutes. */
  private static List<String> venue(String venueId, Integer limit, int capacity) throws Exception {
    get(engine.venues().upsert(new Venue(venueId, "Hall", ZONE, limit, WaitlistPolicy.FIFO)));
    get(
        engine.applySchedule(
            venueId,
            new ScheduleRequest(
                DAY, DAY, LocalTime.of(9, 0), LocalTime.of(10, 0), 10, capacity, null)));
    List<String> slots = new ArrayList<>();
    for (int m = 0; m < 60; m += 10) slots.add(SlotId.of(venueId, DAY.atTime(9, m)));
    return slots;
  }

  private static boolean awake(String slotId) {
    TestProbe<CurrentShardRegionState> probe = node.createTestProbe();
    ClusterSharding.get(node.system())
        .shardState()
        .tell(new GetShardRegionState(SlotEntity.ENTITY_KEY, probe.ref()));
    return StreamSupport.stream(
            probe.receiveMessage(Duration.ofSeconds(5)).getShards().spliterator(), false)
        .anyMatch(shard -> shard.getEntityIds().contains(slotId));
  }

  /**
   * When the slot's journal stored the expiry of {@code holdId} (the write's timestamp), if it has.
   */
  private static Instant expiryWritten(String slotId, String holdId) throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(node.system()));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event_payload, event_ser_id, event_ser_manifest, write_timestamp FROM event_journal"
                    + " WHERE persistence_id = ? ORDER BY sequence_number")) {
      s.setString(1, "Slot|" + slotId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          SlotEvent event =
              (SlotEvent)
                  serialization.deserialize(rs.getBytes(1), rs.getInt(2), rs.getString(3)).get();
          for (SlotFact fact : event.facts()) {
            if (fact instanceof SlotFact.HoldExpired e && e.holdId().equals(holdId))
              return Instant.ofEpochMilli(rs.getLong(4));
          }
        }
      }
    }
    return null;
  }

  @Test
  void aHoldOnAPassivatedSlotExpiresWithinOneSecondOfItsExpiry() throws Exception {
    String slotId = venue("passive", null, 5).get(0);
    HoldReply reply =
        get(engine.holds().hold(target(slotId), "c1", 2, Duration.ofSeconds(6), null, Map.of()));
    HoldView hold = assertInstanceOf(HoldReply.Current.class, reply).hold();

    // The slot goes to sleep with its hold: only the waker can bring it back in time.
    node.createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> {
              assertFalse(awake(slotId), "the slot is passivated");
              return null;
            });
    TimetableSlot held =
        node.createTestProbe()
            .awaitAssert(
                Duration.ofSeconds(5),
                () -> {
                  TimetableSlot t = get(engine.availability().timetable("passive", DAY)).get(0);
                  assertEquals(2, t.held());
                  return t;
                });
    assertEquals(3, held.available());

    Instant written =
        node.createTestProbe()
            .awaitAssert(
                ANSWER,
                Duration.ofMillis(50),
                () -> {
                  Instant at = expiryWritten(slotId, hold.holdId());
                  assertTrue(at != null, "the expiry is stored");
                  return at;
                });
    Duration late = Duration.between(hold.expiresAt(), written);
    System.out.printf(
        "Hold on a passivated slot: expiry stored %d ms after expiresAt%n", late.toMillis());
    assertTrue(
        !late.isNegative() && late.compareTo(EXPIRY_BOUND) <= 0,
        "stored " + late.toMillis() + " ms after expiresAt");
  }

  @Test
  void theLimitHoldsOverConcurrentAttemptsAndAReleaseFreesTheAllowance() throws Exception {
    List<String> slots = venue("limited", 2, 5);
    List<CompletableFuture<BookingReply>> attempts = new ArrayList<>();
    for (String slotId : slots)
      attempts.add(engine.book(target(slotId), "alice", 1, null, Map.of()).toCompletableFuture());

    List<BookingReply.Booking> booked = new ArrayList<>();
    for (CompletableFuture<BookingReply> attempt : attempts) {
      BookingReply reply = get(attempt);
      if (reply instanceof BookingReply.Booking b) {
        booked.add(b);
      } else {
        assertEquals(RejectionReason.CUSTOMER_LIMIT_REACHED, ((Rejected) reply).reason());
      }
    }
    assertEquals(2, booked.size(), "exactly the limit");
    assertTrue(booked.stream().allMatch(BookingReply.Booking::changed));
    String free =
        slots.stream()
            .filter(s -> booked.stream().noneMatch(b -> b.booking().slotId().equals(s)))
            .findFirst()
            .orElseThrow();

    // A cancel gives the allowance back (the slot reports it once its write is durable).
    get(engine.cancel(booked.get(0).booking().slotId(), booked.get(0).booking().bookingId()));
    BookingReply afterCancel =
        node.createTestProbe()
            .awaitAssert(
                Duration.ofSeconds(5),
                () -> {
                  BookingReply r =
                      get(engine.book(target(free), "alice", 1, "after-cancel", Map.of()));
                  assertInstanceOf(
                      BookingReply.Booking.class,
                      r,
                      "booked once the cancel gave the allowance back: " + r);
                  return r;
                });
    assertTrue(((BookingReply.Booking) afterCancel).changed());
    // Another customer is not limited by alice.
    assertInstanceOf(
        BookingReply.Booking.class, get(engine.book(target(free), "bob", 1, null, Map.of())));
  }

  @Test
  void anAllowanceTakenByACallerThatDiedBeforeBookingIsGivenBackAfterItsDeadline()
      throws Exception {
    List<String> slots = venue("orphan", 1, 5);
    // The saga's first step, then nothing: the caller died before asking the slot.
    Instant deadline = Instant.now().plus(ASK_TIMEOUT);
    TestProbe<AllowanceReply> granted = node.createTestProbe();
    ClusterSharding.get(node.system())
        .entityRefFor(AllowanceBucket.ENTITY_KEY, AllowanceBucket.entityId("orphan", "carol"))
        .tell(
            new AllowanceCommand.Reserve(
                "carol", "orphaned", slots.get(0), Instant.MAX, deadline, 1, granted.ref()));
    granted.expectMessageClass(AllowanceReply.Granted.class, ANSWER);

    Rejected meanwhile =
        assertInstanceOf(
            Rejected.class, get(engine.book(target(slots.get(1)), "carol", 1, null, Map.of())));
    assertEquals(RejectionReason.CUSTOMER_LIMIT_REACHED, meanwhile.reason());

    BookingReply later =
        node.createTestProbe()
            .awaitAssert(
                Duration.ofSeconds(15),
                Duration.ofMillis(200),
                () -> {
                  BookingReply r =
                      get(engine.book(target(slots.get(1)), "carol", 1, "retry", Map.of()));
                  assertInstanceOf(BookingReply.Booking.class, r);
                  return r;
                });
    Instant bookedAt = ((BookingReply.Booking) later).booking().bookedAt();
    assertTrue(
        bookedAt.isAfter(deadline), "not given back before the deadline: booked at " + bookedAt);
    System.out.printf(
        "An orphaned allowance was given back %d ms after its deadline%n",
        Duration.between(deadline, bookedAt).toMillis());
  }

  @Test
  void allowancesAnEarlierVersionStoredPerCustomerStillCountAfterTheUpgrade() throws Exception {
    List<String> slots = venue("upgraded", 1, 5);
    // An earlier version granted erin an allowance in its own per-customer entity (the booking's
    // outcome still open: its deadline has not passed).
    EarlierAllowanceEntity.store(
        node,
        "upgraded",
        "erin",
        new AllowanceEvent.Granted(
            "earlier",
            slots.get(0),
            Instant.now().plus(Duration.ofDays(30)),
            Instant.now().plusSeconds(3600)));
    // The upgrade's migration lists such entities (run again here: it ran before they existed).
    String migration =
        new String(
            HoldsPostgresTest.class
                .getResourceAsStream("/db/migration/V8__allowance_buckets.sql")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(migration);
    }

    Rejected refused =
        assertInstanceOf(
            Rejected.class, get(engine.book(target(slots.get(1)), "erin", 1, null, Map.of())));
    assertEquals(RejectionReason.CUSTOMER_LIMIT_REACHED, refused.reason());
    assertInstanceOf(
        BookingReply.Booking.class,
        get(engine.book(target(slots.get(1)), "frank", 1, null, Map.of())));
  }
}
