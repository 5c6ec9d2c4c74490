package com.reservation.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's group commit on a real PostgreSQL: shared flushes, atomic writes, failures kept to
 * their own write.
 */
class GroupCommitWriterTest {
  private static final AtomicInteger IDS = new AtomicInteger();

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ExecutorService threads;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dataSource =
        Database.pool(
            new DatabaseSettings(db.url(), db.user(), db.password(), 4), "group-commit-test");
    SchemaMigration.migrate(dataSource);
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() throws Exception {
    threads.shutdownNow();
    dataSource.close();
    db.close();
  }

  private static JournalRow row(String persistenceId, long sequenceNr, String tag) {
    return new JournalRow(
        persistenceId,
        sequenceNr,
        "writer",
        42L,
        "",
        20,
        "",
        ("e" + sequenceNr).getBytes(),
        null,
        null,
        null,
        tag == null ? Set.of() : Set.of(tag),
        List.of());
  }

  private static long count(String sql, String like) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, like);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void manyEntitiesWritingAtOnceShareFlushesAndEveryWriteLands() throws Exception {
    String prefix = "gc" + IDS.incrementAndGet() + "|";
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    GroupCommitWriter writer =
        new GroupCommitWriter(dataSource, threads, 1, 500, JournalMetrics.in(meters));
    int entities = 300;

    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < entities; i++) {
      writes.add(
          writer.write(
              List.of(row(prefix + i, 1, "t-" + (i % 4)), row(prefix + i, 2, "t-" + (i % 4)))));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertEquals(
        2L * entities,
        count("SELECT count(*) FROM event_journal WHERE persistence_id LIKE ?", prefix + "%"));
    assertEquals(
        2L * entities,
        count(
            "SELECT count(*) FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id"
                + " WHERE j.persistence_id LIKE ?",
            prefix + "%"),
        "each row has its tag row");
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM event_journal a JOIN event_journal b ON a.persistence_id = b.persistence_id"
                + " WHERE a.persistence_id LIKE ? AND a.sequence_number < b.sequence_number AND a.ordering > b.ordering",
            prefix + "%"),
        "an entity's events are ordered as it wrote them");
    assertTrue(
        writer.flushes() < entities / 2,
        () -> writer.flushes() + " flushes for " + entities + " writes: they did not share");
    // The metrics see the same flushes: every row once (no constraint retry here), every write's
    // latency once.
    assertEquals(writer.flushes(), meters.summary("reservation.journal.flush.rows").count());
    assertEquals(2.0 * entities, meters.summary("reservation.journal.flush.rows").totalAmount());
    assertEquals(entities, meters.timer("reservation.journal.write.duration").count());
  }

  @Test
  void aWriteThatCollidesFailsAloneAndTheOthersOfItsFlushLand() throws Exception {
    String prefix = "dup" + IDS.incrementAndGet() + "|";
    ExecutorService held = Executors.newSingleThreadExecutor();
    try {
      GroupCommitWriter writer =
          new GroupCommitWriter(
              dataSource, held, 1, 500, JournalMetrics.in(new SimpleMeterRegistry()));
      writer.write(List.of(row(prefix + "taken", 1, "t"))).get(10, TimeUnit.SECONDS);
      // The writer's only thread is busy until the gate opens, so the next writes wait together for
      // one flush.
      CompletableFuture<Void> gate = new CompletableFuture<>();
      held.execute(gate::join);
      long flushesBefore = writer.flushes();

      CompletableFuture<Void> before = writer.write(List.of(row(prefix + "a", 1, "t")));
      CompletableFuture<Void> collides = writer.write(List.of(row(prefix + "taken", 1, "t")));
      CompletableFuture<Void> after =
          writer.write(List.of(row(prefix + "b", 1, "t"), row(prefix + "b", 2, "t")));
      gate.complete(null);

      before.get(10, TimeUnit.SECONDS);
      after.get(10, TimeUnit.SECONDS);
      ExecutionException failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> collides.get(10, TimeUnit.SECONDS));
      assertEquals("23505", ((SQLException) failure.getCause()).getSQLState());
      assertEquals(
          1 + 3,
          writer.flushes() - flushesBefore,
          "one shared flush, then each write of it on its own");
      assertEquals(
          1, count("SELECT count(*) FROM event_journal WHERE persistence_id = ?", prefix + "a"));
      assertEquals(
          2, count("SELECT count(*) FROM event_journal WHERE persistence_id = ?", prefix + "b"));
      assertEquals(
          1,
          count("SELECT count(*) FROM event_journal WHERE persistence_id = ?", prefix + "taken"));
    } finally {
      held.shutdownNow();
    }
  }

  @Test
  void aWriteIsAtomic() throws Exception {
    String prefix = "atomic" + IDS.incrementAndGet() + "|";
    GroupCommitWriter writer =
        new GroupCommitWriter(
            dataSource, threads, 1, 500, JournalMetrics.in(new SimpleMeterRegistry()));
    writer.write(List.of(row(prefix + "x", 2, "t"))).get(10, TimeUnit.SECONDS);

    // sequence numbers 1 and 2 in one write: 2 exists, so 1 must not be stored either
    CompletableFuture<Void> write =
        writer.write(List.of(row(prefix + "x", 1, "t"), row(prefix + "x", 2, "t")));

    org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
    assertEquals(
        1, count("SELECT count(*) FROM event_journal WHERE persistence_id = ?", prefix + "x"));
  }

  /**
   * Contact keys brought by events land in the same statement as those events: stored together, or
   * (a write that fails) not at all.
   */
  @Test
  void customerKeysLandWithTheirEventsOrNotAtAll() throws Exception {
    String prefix = "keys" + IDS.incrementAndGet() + "|";
    GroupCommitWriter writer =
        new GroupCommitWriter(
            dataSource, threads, 1, 500, JournalMetrics.in(new SimpleMeterRegistry()));
    byte[] key = new byte[32];
    key[0] = 7;
    JournalRow plain = row(prefix + "x", 1, "t");
    writer
        .write(List.of(withKeys(plain, new CustomerKeyRow(prefix + "alice", 11, key))))
        .get(10, TimeUnit.SECONDS);
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM customer_key WHERE customer_id = ? AND key_id = 11"
                + " AND get_byte(key, 0) = 7 AND erased_at IS NULL",
            prefix + "alice"));

    // Sequence number 1 again: the write fails, and its key is not stored either.
    CompletableFuture<Void> collides =
        writer.write(List.of(withKeys(plain, new CustomerKeyRow(prefix + "bob", 12, key))));
    org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> collides.get(10, TimeUnit.SECONDS));
    assertEquals(
        0, count("SELECT count(*) FROM customer_key WHERE customer_id = ?", prefix + "bob"));
  }

  private static JournalRow withKeys(JournalRow row, CustomerKeyRow... keys) {
    return new JournalRow(
        row.persistenceId(),
        row.sequenceNr(),
        row.writerUuid(),
        row.writeTimestamp(),
        row.adapterManifest(),
        row.serId(),
        row.serManifest(),
        row.payload(),
        row.metaSerId(),
        row.metaSerManifest(),
        row.metaPayload(),
        row.tags(),
        List.of(keys));
  }
}
