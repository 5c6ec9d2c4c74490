package com.reservation.http.cluster;

import static com.reservation.http.cluster.ClusterTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.Address;
import akka.cluster.typed.Cluster;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.schedule.ScheduleRequest;
import com.reservation.engine.schedule.ScheduleResult;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.venue.Venue;
import com.reservation.http.node.Node;
import com.reservation.http.node.NodeSettings;
import com.reservation.testsupport.Polling;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes in one JVM (separate ActorSystems on free ports) sharing one embedded PostgreSQL. A
 * node's {@code terminate()} is a graceful leave: its shards are handed over, not lost. Crashes are
 * the process test's job ({@link ClusterFailoverProcessTest}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ThreeNodeClusterTest {
  private static final int CAPACITY = 5;
  private static final String VENUE = "cluster-hall";

  private static Path dataDir;
  private static EmbeddedDatabase database;
  private static DatabaseSettings db;
  private static final List<Node> nodes = new ArrayList<>();
  private static Node node1;
  private static Node node2;
  private static Node node3;
  private static int seedPort;
  private static List<String> slotIds;

  /** Bookings the cluster confirmed, per slot: what every slot must still hold at the end. */
  private static final Map<String, Map<String, String>> confirmed = new ConcurrentHashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    dataDir = Files.createTempDirectory("three-node-cluster");
    database = EmbeddedDatabase.start(dataDir, 0);
    db = new DatabaseSettings(database.url(), database.user(), database.password(), 2);
    try (HikariDataSource pool = Database.pool(db, "test-migrate")) {
      SchemaMigration.migrate(pool);
    }
    seedPort = freePort();
    node1 = startNode(seedPort);
    node2 = startNode(freePort());
    node3 = startNode(freePort());
    for (Node node : List.of(node1, node2, node3)) {
      Polling.until(
          Duration.ofSeconds(60),
          ClusterTestSupport.CHECK_INTERVAL,
          () -> membersUp(node.system()) == 3,
          "three members Up as seen by " + node.baseUrl());
    }
    defineSlots();
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
    // A joining node should receive shards within the test's patience, not after Akka's 10 s
    // rounds.
    flags.put("akka.cluster.sharding.rebalance-interval", "1s");
    flags.put("akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit", 10);
    NodeSettings settings =
        NodeSettings.fromConfig(NodeSettings.resolveConfig(flags, Map.of(), Optional.empty()));
    Node node = Node.start(settings);
    nodes.add(node);
    return node;
  }

  private static void defineSlots() {
    var engine = node1.engine();
    get(engine.venues().upsert(new Venue(VENUE, "Cluster hall", ZoneId.of("UTC"))));
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    ScheduleResult result =
        get(
            engine.applySchedule(
                VENUE,
                new ScheduleRequest(
                    day, day, LocalTime.of(9, 0), LocalTime.of(17, 0), 10, CAPACITY, null)));
    assertInstanceOf(ScheduleResult.Applied.class, result);
    slotIds = new ArrayList<>();
    for (LocalTime t = LocalTime.of(9, 0); t.isBefore(LocalTime.of(17, 0)); t = t.plusMinutes(10)) {
      slotIds.add(SlotId.of(VENUE, day.atTime(t)));
    }
    slotIds.forEach(id -> confirmed.put(id, new ConcurrentHashMap<>()));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    // One at a time, newest first: nodes leaving all at once wait out each other's exit (10 s) for
    // convergence.
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        nodes.get(i).stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Best effort: the database goes next either way.
      }
    }
    if (database != null) database.close();
  }

  /**
   * An erasure served by one node clears the key the other nodes cached at once (a broadcast), well
   * before their cache time (30 s): the booking read on node 2 loses its contact within 10 s of the
   * erasure on node 1.
   */
  @Test
  void anErasureOnOneNodeReachesTheOthersAtOnce() {
    var engine = node1.engine();
    get(engine.venues().upsert(new Venue("cluster-erasure", "Erasure hall", ZoneId.of("UTC"))));
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(31);
    assertInstanceOf(
        ScheduleResult.Applied.class,
        get(
            engine.applySchedule(
                "cluster-erasure",
                new ScheduleRequest(
                    day, day, LocalTime.of(9, 0), LocalTime.of(10, 0), 30, 5, null))));
    String slotId = SlotId.of("cluster-erasure", day.atTime(9, 0));
    BookingReply.Booking booked =
        assertInstanceOf(
            BookingReply.Booking.class,
            get(
                engine.book(
                    target(engine, slotId),
                    "erased-across",
                    1,
                    null,
                    Map.of("name", "Across Nodes"))));
    String bookingId = booked.booking().bookingId();
    // Node 2 reads it, so node 2 caches the customer's key.
    BookingReply.Booking seen =
        assertInstanceOf(
            BookingReply.Booking.class, get(node2.engine().getBooking(slotId, bookingId)));
    assertEquals(Map.of("name", "Across Nodes"), seen.booking().contact());

    assertTrue(get(engine.eraseCustomer("erased-across")));
    long erasedAt = System.nanoTime();
    Polling.until(
        Duration.ofSeconds(10),
        ClusterTestSupport.CHECK_INTERVAL,
        () ->
            ((BookingReply.Booking) get(node2.engine().getBooking(slotId, bookingId)))
                .booking()
                .contact()
                .isEmpty(),
        "node 2 answers the booking without contact");
    assertTrue(
        Duration.ofNanos(System.nanoTime() - erasedAt).toSeconds() < 10,
        "well within the 30 s cache time");
    assertEquals(
        BookingStatus.CONFIRMED,
        ((BookingReply.Booking) get(node2.engine().getBooking(slotId, bookingId)))
            .booking()
            .status());
  }

  @Test
  void bookingsSurviveALeavingNodeAndAJoiningNodeWithoutOverbooking() throws Exception {
    // Every slot is asked once through node 1, so their shards are allocated across the three
    // nodes.
    for (String slotId : slotIds)
      assertInstanceOf(SlotReply.Current.class, get(node1.engine().getSlot(slotId)));
    Address address2 = Cluster.get(node2.system()).selfMember().address();
    Address address3 = Cluster.get(node3.system()).selfMember().address();
    List<String> onNode2 = new ArrayList<>();
    List<String> onNode3 = new ArrayList<>();
    // A region that registers late gets its shards by rebalancing: wait until nodes 2 and 3 host
    // some.
    Polling.until(
        Duration.ofSeconds(60),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> {
          for (String slotId : slotIds) slot(node1, slotId);
          Map<String, Address> homes = shardHomes(node1.system());
          onNode2.clear();
          onNode2.addAll(slotsOn(homes, address2));
          onNode3.clear();
          onNode3.addAll(slotsOn(homes, address3));
          return !onNode2.isEmpty() && !onNode3.isEmpty();
        },
        "some slots live on nodes 2 and 3");

    // Node 1 books slots that live on nodes 2 and 3: more customers than seats, all at once.
    List<String> remote = new ArrayList<>(onNode2);
    remote.addAll(onNode3);
    for (String slotId : remote)
      assertExactlyCapacityConfirmed(node1, slotId, CAPACITY + 3, "first");

    // Node 3 is told to leave through the admin API (the same graceful leave as SIGTERM or
    // terminate()): its slots
    // serve again from nodes 1 and 2 with the same bookings.
    Map<String, SlotView> before = new HashMap<>();
    for (String slotId : onNode3) before.put(slotId, slot(node1, slotId));
    HttpResponse<String> leave =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node3.baseUrl() + "/admin/cluster/leave"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(202, leave.statusCode(), leave.body());
    node3.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    nodes.remove(node3);
    Polling.until(
        Duration.ofSeconds(30),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> membersUp(node1.system()) == 2,
        "node 3 removed from the cluster");
    for (String slotId : onNode3) {
      SlotView after = slot(node2, slotId);
      assertEquals(
          before.get(slotId).booked(),
          after.booked(),
          "booked seats of " + slotId + " after node 3 left");
      for (String bookingId : confirmed.get(slotId).keySet()) {
        BookingReply reply = get(node2.engine().getBooking(slotId, bookingId));
        BookingReply.Booking booking =
            assertInstanceOf(BookingReply.Booking.class, reply, slotId + "/" + bookingId);
        assertEquals(BookingStatus.CONFIRMED, booking.booking().status());
      }
      BookingReply extra =
          get(
              node1
                  .engine()
                  .book(target(node1.engine(), slotId), "late-" + slotId, 1, null, Map.of()));
      assertEquals(RejectionReason.SLOT_FULL, assertInstanceOf(Rejected.class, extra).reason());
    }
    Map<String, Address> afterLeave = shardHomes(node1.system());
    assertFalse(
        afterLeave.containsValue(address3), "no shard stays on the node that left: " + afterLeave);

    // A fourth node joins: shards rebalance onto it and bookings go on.
    Node node4 = startNode(freePort());
    Address address4 = Cluster.get(node4.system()).selfMember().address();
    Polling.until(
        Duration.ofSeconds(60),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> membersUp(node1.system()) == 3,
        "node 4 Up");
    Polling.until(
        Duration.ofSeconds(60),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> shardHomes(node1.system()).containsValue(address4),
        "shards rebalanced onto node 4");
    List<String> onNode4 = new ArrayList<>();
    Polling.until(
        Duration.ofSeconds(60),
        ClusterTestSupport.CHECK_INTERVAL,
        () -> {
          // A shard that moved is allocated again on its next request; asking every slot settles
          // them.
          for (String slotId : slotIds) slot(node1, slotId);
          onNode4.clear();
          onNode4.addAll(slotsOn(shardHomes(node1.system()), address4));
          return !onNode4.isEmpty();
        },
        "slots served from node 4");
    for (String slotId : slotIds) {
      int left = CAPACITY - confirmed.get(slotId).size();
      if (left > 0) assertExactlyCapacityConfirmed(node2, slotId, left + 2, "second");
    }

    // No overbooking anywhere: every slot holds exactly the seats that were confirmed, never beyond
    // capacity,
    // whichever node answers.
    for (String slotId : slotIds) {
      SlotView view = slot(node4, slotId);
      assertEquals(confirmed.get(slotId).size(), view.booked(), "booked seats of " + slotId);
      assertTrue(view.booked() <= view.capacity(), slotId + " overbooked: " + view);
      assertEquals(CAPACITY, view.booked(), slotId + " was filled");
    }
  }

  /**
   * Sends {@code customers} one-seat bookings at once through {@code via}; exactly the free seats
   * are confirmed.
   */
  private static void assertExactlyCapacityConfirmed(
      Node via, String slotId, int customers, String round) {
    int free = CAPACITY - confirmed.get(slotId).size();
    List<CompletableFuture<BookingReply>> replies = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      replies.add(
          via.engine()
              .book(target(via.engine(), slotId), round + "-customer-" + i, 1, null, Map.of())
              .toCompletableFuture());
    }
    int accepted = 0;
    for (CompletableFuture<BookingReply> future : replies) {
      BookingReply reply = get(future);
      if (reply instanceof BookingReply.Booking booking) {
        accepted++;
        confirmed.get(slotId).put(booking.booking().bookingId(), booking.booking().customerId());
      } else {
        assertEquals(RejectionReason.SLOT_FULL, ((Rejected) reply).reason(), slotId + ": " + reply);
      }
    }
    assertEquals(free, accepted, "confirmed bookings on " + slotId);
  }

  /**
   * The slot as it answers now. Sharding drops the messages it buffered for a shard while that
   * shard is handed off (to keep their order), so a read during a rebalance may go unanswered: a
   * read is safe to repeat, so it is.
   */
  private static SlotView slot(Node via, String slotId) {
    AssertionError last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        SlotReply reply = get(via.engine().getSlot(slotId));
        return assertInstanceOf(SlotReply.Current.class, reply, slotId + ": " + reply).slot();
      } catch (AssertionError unanswered) {
        if (!(unanswered.getCause() instanceof java.util.concurrent.ExecutionException))
          throw unanswered;
        last = unanswered;
      }
    }
    throw last;
  }

  private static List<String> slotsOn(Map<String, Address> homes, Address node) {
    return slotIds.stream()
        .filter(id -> node.equals(homes.get(shardOf(node1.system(), id))))
        .toList();
  }

  @Test
  void adminClusterListsMembersAndShardsBehindTheToken() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create(node1.baseUrl() + "/admin/cluster");
    HttpResponse<String> anonymous =
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    assertEquals(
        Cluster.get(node1.system()).selfMember().address().toString(), json.get("self").asText());
    assertTrue(json.get("members").size() >= 2, response.body());
    assertEquals("Up", json.get("members").get(0).get("status").asText());
    assertEquals("Slot", json.get("sharding").get("entityType").asText());
    assertTrue(json.get("sharding").get("regions").isArray(), response.body());

    String slotId = slotIds.get(0);
    HttpResponse<String> placement =
        client.send(
            HttpRequest.newBuilder(URI.create(node1.baseUrl() + "/admin/cluster/slots/" + slotId))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, placement.statusCode(), placement.body());
    assertEquals(
        shardOf(node1.system(), slotId),
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(placement.body())
            .get("shardId")
            .asText());

    HttpResponse<String> unknownMember =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(node1.baseUrl() + "/admin/cluster/members/127.0.0.1:1"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unknownMember.statusCode(), unknownMember.body());
  }
}
