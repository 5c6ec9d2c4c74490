package com.reservation.engine.waitingroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.EngineAssembly;
import com.reservation.engine.ReservationEngine;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.TestConfigs;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.WaitlistPolicy;
import com.reservation.testsupport.Polling;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waiting rooms on our journal on a real PostgreSQL: a burst of joins stored in groups, polls
 * answered from memory (complete when the call returns), and a whole restart (a new node on the
 * same database) that finds every ticket, its place and its admission as they were, snapshots
 * included.
 */
class WaitingRoomsPostgresTest {
  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final String VENUE = "rush";
  private static final int PEOPLE = 150;

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource pool;
  private static DatabaseSettings dbSettings;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dbSettings = new DatabaseSettings(db.url(), db.user(), db.password(), 10);
    pool = Database.pool(dbSettings, "waiting-room-test");
    SchemaMigration.migrate(pool);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (pool != null) pool.close();
    } finally {
      if (db != null) db.close();
    }
  }

  private static ActorTestKit node(String name) {
    ActorTestKit node =
        ActorTestKit.create(
            name,
            ConfigFactory.parseString(
                    // Snapshots often, so a restart reads one.
                    "reservation.waiting-room.directory-refresh = 1h\n"
                        + "reservation.waiting-room.snapshot-every = 40\n")
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
    return node;
  }

  private static <T> T get(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(ANSWER.toSeconds(), TimeUnit.SECONDS).join();
  }

  @Test
  void aBurstIsStoredPollsCostNoQueryAndARestartFindsTheLineAsItWas() throws Exception {
    Map<String, TicketView> before = new HashMap<>();
    ActorTestKit first = node("WaitingRoomsPostgresTest1");
    try {
      ReservationEngine engine = EngineAssembly.start(first.system(), pool);
      WaitingRooms rooms = engine.waitingRooms();
      get(
          engine
              .venues()
              .upsert(new Venue(VENUE, "Rush", ZoneId.of("UTC"), 1, WaitlistPolicy.FIFO)));
      Instant opensAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
      get(
          rooms.configure(
              VENUE,
              new RoomSettings(
                  opensAt,
                  opensAt.minus(Duration.ofMinutes(30)),
                  3000,
                  0,
                  600,
                  LineOrder.RANDOM_THEN_FIFO,
                  null)));

      // Everyone at once, as a rush does: the room stores them in groups.
      List<CompletableFuture<WaitingRooms.Joining>> joins = new ArrayList<>();
      for (int i = 0; i < PEOPLE; i++)
        joins.add(rooms.join(VENUE, "person-" + i).toCompletableFuture());
      Map<String, String> ticketOf = new HashMap<>();
      for (int i = 0; i < PEOPLE; i++) {
        WaitingRooms.Joined joined = assertInstanceOf(WaitingRooms.Joined.class, get(joins.get(i)));
        assertTrue(joined.created());
        assertEquals(TicketState.PREQUEUED, joined.ticket().state());
        ticketOf.put("person-" + i, joined.ticket().ticketId());
      }
      WaitingRooms.Joined again =
          assertInstanceOf(WaitingRooms.Joined.class, get(rooms.join(VENUE, "person-7")));
      assertFalse(again.created());
      assertEquals(ticketOf.get("person-7"), again.ticket().ticketId());

      // 3,000 per minute: everyone within a few seconds of the opening.
      Polling.until(
          Duration.ofSeconds(60),
          () -> get(rooms.status(VENUE)).orElseThrow().admitted() == PEOPLE,
          "everyone to be admitted");
      Polling.until(
          Duration.ofSeconds(10),
          () -> {
            for (String ticketId : ticketOf.values())
              if (get(rooms.ticket(VENUE, ticketId)).orElseThrow().state() != TicketState.ADMITTED)
                return false;
            return true;
          },
          "this node's picture to show every admission");

      // Polls from memory: each answer is complete when the call returns, so no query, no ask of
      // the room, nothing asynchronous was needed for any of thousands of them.
      for (int round = 0; round < 20; round++) {
        for (Map.Entry<String, String> t : ticketOf.entrySet()) {
          CompletableFuture<Optional<TicketView>> poll =
              rooms.ticket(VENUE, t.getValue()).toCompletableFuture();
          assertTrue(poll.isDone(), "answered from memory");
          if (round == 0) before.put(t.getKey(), poll.join().orElseThrow());
        }
      }
    } finally {
      first.shutdownTestKit();
    }

    // A new node on the same database (a whole-cluster restart): the same tickets, admitted when
    // and until when they were.
    ActorTestKit second = node("WaitingRoomsPostgresTest2");
    try {
      ReservationEngine engine = EngineAssembly.start(second.system(), pool);
      WaitingRooms rooms = engine.waitingRooms();
      for (Map.Entry<String, TicketView> b : before.entrySet()) {
        TicketView after = get(rooms.ticket(VENUE, b.getValue().ticketId())).orElseThrow();
        assertEquals(b.getKey(), after.customerId());
        assertEquals(TicketState.ADMITTED, after.state());
        assertEquals(b.getValue().admissionExpiresAt(), after.admissionExpiresAt());
        assertEquals(b.getValue().admission(), after.admission(), "the same key signs");
      }
      WaitingRooms.Joined again =
          assertInstanceOf(WaitingRooms.Joined.class, get(rooms.join(VENUE, "person-0")));
      assertFalse(again.created(), "one ticket per customer, across the restart");
      assertEquals(before.get("person-0").ticketId(), again.ticket().ticketId());
      assertFalse(
          rooms.admits(VENUE, "person-0", "1." + "A".repeat(22)), "a forged token does not admit");
      assertTrue(rooms.admits(VENUE, "person-0", before.get("person-0").admission()));
    } finally {
      second.shutdownTestKit();
    }
  }
}
