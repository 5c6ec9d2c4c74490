package com.reservation.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.Sink;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.TestConfigs;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a tag's events on a real PostgreSQL: in a stable order, resumable, and never past a late
 * commit.
 */
class EventsByTagTest {
  /** Akka's serializer for strings: the events here are plain strings. */
  private static final int STRING_SERIALIZER = 20;

  private static final AtomicInteger TAGS = new AtomicInteger();

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ExecutorService threads;
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dataSource =
        Database.pool(
            new DatabaseSettings(db.url(), db.user(), db.password(), 4), "events-by-tag-test");
    SchemaMigration.migrate(dataSource);
    threads = Executors.newFixedThreadPool(2);
    testKit = ActorTestKit.create("EventsByTagTest", TestConfigs.base());
  }

  @AfterAll
  static void stop() throws Exception {
    testKit.shutdownTestKit();
    threads.shutdownNow();
    dataSource.close();
    db.close();
  }

  private static String newTag() {
    return "tag-" + TAGS.incrementAndGet();
  }

  private static EventsByTag<String> reader(String tag) {
    return new EventsByTag<>(
        testKit.system(), tag, String.class, dataSource, threads, Duration.ofMillis(20), 3);
  }

  private static JournalRow row(String persistenceId, long sequenceNr, String event, String tag) {
    return new JournalRow(
        persistenceId,
        sequenceNr,
        "w",
        1L,
        "",
        STRING_SERIALIZER,
        "",
        event.getBytes(StandardCharsets.UTF_8),
        null,
        null,
        null,
        Set.of(tag),
        List.of());
  }

  private static void write(GroupCommitWriter writer, JournalRow row) throws Exception {
    writer.write(List.of(row)).get(10, TimeUnit.SECONDS);
  }

  private static List<String> events(List<TaggedEvent<String>> read) {
    return read.stream().map(TaggedEvent::event).toList();
  }

  @Test
  void aTransactionThatCommitsLateIsNeverSkipped() throws Exception {
    String tag = newTag();
    GroupCommitWriter writer =
        new GroupCommitWriter(
            dataSource, threads, 1, 100, JournalMetrics.in(new SimpleMeterRegistry()));
    EventsByTag<String> reader = reader(tag);

    try (Connection slow = dataSource.getConnection()) {
      slow.setAutoCommit(false);
      // The slow transaction takes its ordering first...
      try (PreparedStatement s =
          slow.prepareStatement(
              "WITH j AS (INSERT INTO event_journal(persistence_id, sequence_number, writer, write_timestamp,"
                  + " adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
                  + " VALUES ('late|1', 1, 'w', 1, '', ?, '', ?) RETURNING ordering)"
                  + " INSERT INTO event_tag(event_id, tag) SELECT ordering, ? FROM j")) {
        s.setInt(1, STRING_SERIALIZER);
        s.setBytes(2, "first".getBytes(StandardCharsets.UTF_8));
        s.setString(3, tag);
        s.executeUpdate();
      }
      // ...then a later one commits before it.
      write(writer, row("late|2", 1, "second", tag));

      assertEquals(
          List.of(),
          events(reader.read(TagOffset.START)),
          "nothing is read past a transaction still open");

      slow.commit();
    }

    assertEquals(List.of("first", "second"), events(reader.read(TagOffset.START)));
  }

  @Test
  void aSourceDeliversInOrderAndResumesAfterItsOffset() throws Exception {
    String tag = newTag();
    GroupCommitWriter writer =
        new GroupCommitWriter(
            dataSource, threads, 1, 100, JournalMetrics.in(new SimpleMeterRegistry()));
    for (int i = 1; i <= 7; i++)
      write(writer, row("src|" + (i % 3), i, "e" + i, tag)); // more than a page of 3

    List<TaggedEvent<String>> firstFive =
        reader(tag)
            .source(() -> CompletableFuture.completedFuture(Optional.empty()))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .take(5)
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(List.of("e1", "e2", "e3", "e4", "e5"), events(firstFive));

    String stored = reader(tag).extractOffset(firstFive.get(4));
    // resumed from the stored offset, the source sees the rest and, polling, what is written
    // afterwards
    CompletableFuture<List<TaggedEvent<String>>> rest =
        reader(tag)
            .source(() -> CompletableFuture.completedFuture(Optional.of(stored)))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .take(3)
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture();
    write(writer, row("src|late", 1, "e8", tag));
    assertEquals(List.of("e6", "e7", "e8"), events(rest.get(10, TimeUnit.SECONDS)));
  }
}
