package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.Address;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.typed.Cluster;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.schedule.ScheduleRequest;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.WaitlistPolicy;
import com.reservation.http.node.Node;
import com.reservation.http.node.NodeSettings;
import com.reservation.testsupport.Polling;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Holds and per-customer limits across three nodes in one JVM sharing one PostgreSQL: one
 * customer's concurrent attempts on K+5 slots through all three nodes never exceed K, and a hold on
 * a slot whose shard was handed off (its node left) still expires within 1 s of its expiresAt,
 * woken where its shard went.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HoldsClusterTest {
  private static final int LIMIT = 3;
  private static final String VENUE = "limit-hall";
  private static final Duration EXPIRY_BOUND = Duration.ofSeconds(1);

  private static EmbeddedDatabase database;
  private static DatabaseSettings db;
  private static HikariDataSource pool;
  private static int seedPort;
  private static final List<Node> nodes = new ArrayList<>();
  private static final List<String> slotIds = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    database = EmbeddedDatabase.start(Files.createTempDirectory("holds-cluster"), 0);
    db = new DatabaseSettings(database.url(), database.user(), database.password(), 2);
    pool = Database.pool(db, "holds-cluster-test");
    SchemaMigration.migrate(pool);
    seedPort = freePort();
    nodes.add(startNode(seedPort));
    nodes.add(startNode(freePort()));
    nodes.add(startNode(freePort()));
    for (Node node : nodes) {
      Polling.until(
          Duration.ofSeconds(60),
          ClusterTestSupport.CHECK_INTERVAL,
          () -> membersUp(node.system()) == 3,
          "three members Up as seen by " + node.baseUrl());
    }
    var engine = nodes.get(0).engine();
    get(
        engine
            .venues()
            .upsert(new Venue(VENUE, "Limit hall", ZoneId.of("UTC"), LIMIT, WaitlistPolicy.FIFO)));
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    get(
        engine.applySchedule(
            VENUE,
            new ScheduleRequest(day, day, LocalTime.of(9, 0), LocalTime.of(17, 0), 10, 5, null)));
    for (LocalTime t = LocalTime.of(9, 0); t.isBefore(LocalTime.of(17, 0)); t = t.plusMinutes(10)) {
      slotIds.add(SlotId.of(VENUE, day.atTime(t)));
    }
  }

  private static Node startNode(int remotePort) {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("reservation.db.url", db.url());
    flags.put("reservation.db.user", db.user());
    flags.put("reservation.db.password", db.password());
    flags.put("reservation.db.pool-size", 4);
    flags.put("akka-persistence-jdbc.shared-databases.default.db.numThreads", 4);
    flags.put("akka-persistence-jdbc.shared-databases.default.db.maxConnections", 4);
    flags.put("akka-persistence-jdbc.shared-databases.default.db.minConnections", 1);
    flags.put("reservation.node.admin-token", ADMIN_TOKEN);
    flags.put("reservation.node.http-port", 0);
    flags.put("reservation.node.remote-port", remotePort);
    flags.put("reservation.node.management-port", freePort());
    flags.put("reservation.node.seed-nodes", List.of("127.0.0.1:" + seedPort));
    flags.put("akka.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    flags.put("akka.coordinated-shutdown.exit-jvm", "off");
    flags.put("akka.cluster.sharding.rebalance-interval", "1s");
    flags.put("reservation.slot.holds.min-ttl", "1s");
    return Node.start(
        NodeSettings.fromConfig(NodeSettings.resolveConfig(flags, Map.of(), Optional.empty())));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Best effort: the database goes next either way.
      }
    }
    if (pool != null) pool.close();
    if (database != null) database.close();
  }

  @Test
  void oneCustomersConcurrentAttemptsOnKPlusFiveSlotsThroughThreeNodesNeverExceedK() {
    List<String> targets = slotIds.subList(0, LIMIT + 5);
    List<CompletableFuture<Object>> attempts = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      var engine = nodes.get(i % 3).engine();
      String slotId = targets.get(i);
      // Bookings and holds alike count against the limit.
      attempts.add(
          i % 2 == 0
              ? engine
                  .book(target(engine, slotId), "dave", 1, "k" + i, Map.of())
                  .toCompletableFuture()
                  .thenApply(r -> r)
              : engine
                  .holds()
                  .hold(
                      target(engine, slotId), "dave", 1, Duration.ofSeconds(600), "k" + i, Map.of())
                  .toCompletableFuture()
                  .thenApply(r -> r));
    }
    int granted = 0;
    for (CompletableFuture<Object> attempt : attempts) {
      Object reply = get(attempt);
      if (reply instanceof BookingReply.Booking || reply instanceof HoldReply.Current) {
        granted++;
      } else {
        assertEquals(
            RejectionReason.CUSTOMER_LIMIT_REACHED, ((Rejected) reply).reason(), reply.toString());
      }
    }
    assertEquals(LIMIT, granted, "exactly K of K+5 concurrent attempts through three nodes");
    // What the slots themselves hold agrees.
    int active = 0;
    for (String slotId : targets) {
      SlotReply.Current slot = (SlotReply.Current) get(nodes.get(1).engine().getSlot(slotId));
      active += slot.slot().booked() + slot.slot().held();
    }
    assertEquals(LIMIT, active);
  }

  @Test
  void aHoldWhoseShardWasHandedOffExpiresOnTimeWhereTheShardWent() throws Exception {
    Node leaving = startNode(freePort());
    nodes.add(leaving);
    Address leavingAddress = Cluster.get(leaving.system()).selfMember().address();
    Polling.until(
        Duration.ofSeconds(60),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> membersUp(nodes.get(0).system()) == 4,
        "node 4 Up");
    // Ask every slot until one of them lives on node 4 (new and rebalanced shards go to the
    // emptiest node).
    List<String> candidates = slotIds.subList(LIMIT + 5, slotIds.size());
    String[] onLeaving = new String[1];
    Polling.until(
        Duration.ofSeconds(60),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> {
          for (String slotId : candidates) get(nodes.get(0).engine().getSlot(slotId));
          Map<String, Address> homes = shardHomes(nodes.get(0).system());
          onLeaving[0] =
              candidates.stream()
                  .filter(s -> leavingAddress.equals(homes.get(shardOf(nodes.get(0).system(), s))))
                  .findFirst()
                  .orElse(null);
          return onLeaving[0] != null;
        },
        "a slot served from node 4");
    String slotId = onLeaving[0];
    HoldReply reply =
        get(
            nodes
                .get(0)
                .engine()
                .holds()
                .hold(
                    target(nodes.get(0).engine(), slotId),
                    "erin",
                    1,
                    Duration.ofSeconds(15),
                    null,
                    Map.of()));
    HoldView hold = assertInstanceOf(HoldReply.Current.class, reply).hold();

    // Node 4 leaves gracefully: its shards are handed off, and nothing restarts the slot but the
    // expiry waker.
    leaving.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
    nodes.remove(leaving);
    Polling.until(
        Duration.ofSeconds(30),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> membersUp(nodes.get(0).system()) == 3,
        "node 4 gone");
    assertTrue(
        Instant.now().isBefore(hold.expiresAt()), "the hand-off finished before the hold expired");

    Polling.until(
        Duration.ofSeconds(30),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> expiryWritten(slotId, hold.holdId()) != null,
        "the hold's expiry stored");
    Duration late = Duration.between(hold.expiresAt(), expiryWritten(slotId, hold.holdId()));
    System.out.printf(
        "Hold on a handed-off slot: expiry stored %d ms after expiresAt%n", late.toMillis());
    assertTrue(
        !late.isNegative() && late.compareTo(EXPIRY_BOUND) <= 0,
        late.toMillis() + " ms after expiresAt");
    SlotReply.Current after = (SlotReply.Current) get(nodes.get(2).engine().getSlot(slotId));
    assertEquals(0, after.slot().held());
  }

  /**
   * When the slot's journal stored the expiry of {@code holdId} (its write's timestamp), or null.
   */
  private static Instant expiryWritten(String slotId, String holdId) {
    Serialization serialization =
        SerializationExtension.get(Adapter.toClassic(nodes.get(0).system()));
    try (Connection c = pool.getConnection();
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
            if (fact instanceof SlotFact.HoldExpired e && e.holdId().equals(holdId)) {
              return Instant.ofEpochMilli(rs.getLong(4));
            }
          }
        }
      }
      return null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
