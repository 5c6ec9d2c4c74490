package com.reservation.engine.events;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.journal.EventsInJournalOrder;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.TestConfigs;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull feed on a real PostgreSQL: journal order over all tags, pages that stop inside an event
 * and resume there, rows without public events skipped, and nothing past a transaction that has not
 * committed yet.
 */
class EventFeedTest {
  private static final Instant AT = Instant.parse("2026-11-20T01:00:00Z");
  private static final SlotSettings SLOTS = TestConfigs.slotSettings();

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ExecutorService threads;
  private static ActorTestKit testKit;
  private static EventFeed feed;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dataSource =
        Database.pool(
            new DatabaseSettings(db.url(), db.user(), db.password(), 4), "event-feed-test");
    SchemaMigration.migrate(dataSource);
    threads = Executors.newFixedThreadPool(2);
    testKit = ActorTestKit.create("EventFeedTest", TestConfigs.base());
    EventsInJournalOrder<SlotEvent> journal =
        new EventsInJournalOrder<>(
            testKit.system(),
            SLOTS.tags(),
            SlotEvent.class,
            dataSource,
            threads,
            Duration.ofMillis(50),
            100);
    feed = new EventFeed(journal, threads, 3);
  }

  @AfterAll
  static void stop() throws Exception {
    testKit.shutdownTestKit();
    threads.shutdownNow();
    dataSource.close();
    db.close();
  }

  private static SlotFact.Booked booked(String bookingId) {
    return new SlotFact.Booked(
        bookingId, "c-" + bookingId, 1, null, Map.of("phone", "0123456789"), AT);
  }

  /**
   * Stores one event of the slot as the journal would, under the slot's tag, in its own
   * transaction.
   */
  private static void store(Connection c, String slotId, long sequenceNr, List<SlotFact> facts)
      throws Exception {
    Serialization serialization = SerializationExtension.get(testKit.system());
    SlotEvent event = new SlotEvent.Recorded(slotId, facts, new SlotCounts(10, 0, false));
    Serializer serializer = serialization.findSerializerFor(event);
    try (PreparedStatement s =
        c.prepareStatement(
            "WITH j AS (INSERT INTO event_journal (persistence_id, sequence_number, writer, write_timestamp,"
                + " event_ser_id, event_ser_manifest, event_payload) VALUES (?, ?, 'w', ?, ?, ?, ?) RETURNING ordering)"
                + " INSERT INTO event_tag (event_id, tag) SELECT ordering, ? FROM j")) {
      s.setString(1, "Slot|" + slotId);
      s.setLong(2, sequenceNr);
      s.setLong(3, AT.toEpochMilli());
      s.setInt(4, serializer.identifier());
      s.setString(5, Serializers.manifestFor(serializer, event));
      s.setBytes(6, serializer.toBinary(event));
      s.setString(7, SLOTS.tagFor(slotId));
      s.executeUpdate();
    }
  }

  private static void store(String slotId, long sequenceNr, List<SlotFact> facts) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      store(c, slotId, sequenceNr, facts);
    }
  }

  private static EventFeed.Page page(FeedPosition after, int limit) throws Exception {
    return feed.page(after, limit).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<String> ids(List<EventFeed.Entry> entries) {
    return entries.stream().map(e -> e.event().id()).toList();
  }

  /** Reads everything after {@code from} in pages of {@code limit}; the ids in order. */
  private static List<String> readAll(FeedPosition from, int limit) throws Exception {
    List<String> all = new ArrayList<>();
    FeedPosition position = from;
    for (int pages = 0; pages < 100; pages++) {
      EventFeed.Page page = page(position, limit);
      all.addAll(ids(page.events()));
      if (page.events().isEmpty() && page.next().equals(position)) return all;
      position = page.next();
    }
    throw new AssertionError("the feed did not come to an end");
  }

  @Test
  void pagesStopInsideAnEventResumeThereAndSkipRowsWithoutPublicEvents() throws Exception {
    FeedPosition start = endOfFeed();
    String a = "feed-a_20261201_0900";
    String b = "feed-b_20261201_0900";
    store(a, 1, List.of(booked("a1"), booked("a2"), booked("a3")));
    store(b, 1, List.of(new SlotFact.CapacitySet(20)));
    store(b, 2, List.of(new SlotFact.ClosedSet(true)));
    store(b, 3, List.of(new SlotFact.ClosedSet(false)));
    store(b, 4, List.of(new SlotFact.CapacitySet(30)));
    store(b, 5, List.of(booked("b1"), new SlotFact.Cancelled("b1", 1, AT)));

    List<String> expected = List.of(a + ":1:0", a + ":1:1", a + ":1:2", b + ":5:0", b + ":5:1");
    EventFeed.Page first = page(start, 2);
    assertEquals(expected.subList(0, 2), ids(first.events()));
    assertEquals(first.events().get(1).position(), first.next(), "next is the last event's offset");
    EventFeed.Page second = page(first.next(), 2);
    // The page stopped inside a's event: it resumes with a3 (a's row read again), then skips two
    // rows of admin
    // changes: a page reads at most 3 rows, so the rest comes with the page after, which skips two
    // more.
    assertEquals(List.of(a + ":1:2"), ids(second.events()));
    EventFeed.Page third = page(second.next(), 2);
    assertEquals(expected.subList(3, 5), ids(third.events()));
    assertEquals(expected, readAll(start, 1));
    assertEquals(expected, readAll(start, 1000));
    assertEquals("booking.cancelled", third.events().get(1).event().type().wireName());

    EventFeed.Page end = page(third.next(), 10);
    assertTrue(end.events().isEmpty());
    EventFeed.Page again = page(end.next(), 10);
    assertTrue(again.events().isEmpty());
    assertEquals(end.next(), again.next(), "at the end, next stays where it is");
  }

  @Test
  void aTransactionNotYetCommittedHoldsTheFeedBackInsteadOfBeingSkipped() throws Exception {
    FeedPosition before = endOfFeed();
    String late = "feed-late_20261201_0900";
    String early = "feed-early_20261201_0900";
    try (Connection open = dataSource.getConnection()) {
      open.setAutoCommit(false);
      store(open, late, 1, List.of(booked("late")));
      store(early, 1, List.of(booked("early")));
      assertEquals(
          List.of(),
          ids(page(before, 10).events()),
          "nothing after an open transaction's position yet");
      open.commit();
    }
    assertEquals(List.of(late + ":1:0", early + ":1:0"), ids(page(before, 10).events()));
  }

  private static FeedPosition endOfFeed() throws Exception {
    FeedPosition position = FeedPosition.START;
    while (true) {
      EventFeed.Page page = page(position, 1000);
      if (page.events().isEmpty() && page.next().equals(position)) return position;
      position = page.next();
    }
  }
}
