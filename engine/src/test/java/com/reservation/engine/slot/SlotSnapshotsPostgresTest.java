package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.serialization.SerializationExtension;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.journal.SnapshotWriter;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.slot.storage.SlotSnapshots;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestConfigs;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots on a real PostgreSQL: written off the slot's path by {@link SnapshotWriter}, read back
 * at recovery by akka-persistence-jdbc's snapshot store, two kept per slot, and a slot recovered
 * from one equals the slot it was.
 */
class SlotSnapshotsPostgresTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ActorTestKit testKit;
  private static ExecutorService threads;
  private static SlotSnapshots snapshots;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    DatabaseSettings settings = new DatabaseSettings(db.url(), db.user(), db.password(), 4);
    dataSource = Database.pool(settings, "snapshots-test");
    SchemaMigration.migrate(dataSource);
    testKit =
        ActorTestKit.create(
            "SlotSnapshotsPostgresTest",
            ConfigFactory.parseString("akka.actor.provider = local")
                .withFallback(TestConfigs.clusterNode(settings)));
    threads = Executors.newFixedThreadPool(2);
    SnapshotWriter writer =
        new SnapshotWriter(dataSource, threads, SerializationExtension.get(testKit.system()));
    snapshots =
        (id, sequenceNr, state) -> writer.save(id.id(), sequenceNr, () -> SlotSnapshot.of(state));
    withStopSnapshots = SlotSnapshots.storedBy(writer);
  }

  /** As the engine wires them: snapshots on the way, and one a stopping slot waits for. */
  private static SlotSnapshots withStopSnapshots;

  @AfterAll
  static void stop() throws Exception {
    testKit.shutdownTestKit();
    threads.shutdownNow();
    dataSource.close();
    db.close();
  }

  private static ActorRef<SlotCommand> spawn(String slotId) {
    return spawn(slotId, snapshots);
  }

  private static ActorRef<SlotCommand> spawn(String slotId, SlotSnapshots snapshots) {
    SlotSettings settings = TestConfigs.slotSettings("snapshot-every = 5");
    return testKit.spawn(
        SlotEntity.create(
            slotId,
            settings,
            SlotCatalog.NONE,
            snapshots,
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SequentialIds(),
            self -> {},
            GrantReleases.NONE));
  }

  private static List<Long> snapshotSequenceNrs(String slotId) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT sequence_number FROM snapshot WHERE persistence_id = ? ORDER BY 1")) {
      s.setString(1, SlotLedger.persistenceId(slotId).id());
      List<Long> seqs = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) seqs.add(rs.getLong(1));
      }
      return seqs;
    }
  }

  @Test
  void aSlotRecoversFromItsSnapshotAndKeepsTwo() throws Exception {
    String slotId = "snap_20261201_0920";
    ActorRef<SlotCommand> slot = spawn(slotId);
    TestProbe<SlotReply> admin = testKit.createTestProbe();
    slot.tell(
        new SlotCommand.DefineSlot(
            new SlotDefinition(
                slotId,
                "snap",
                START,
                START.plusMinutes(10),
                Instant.parse("2026-12-01T01:20:00Z"),
                500),
            admin.ref()));
    admin.expectMessageClass(SlotReply.Current.class, WAIT);
    TestProbe<BookingReply> caller = testKit.createTestProbe();
    for (int i = 0; i < 60; i++) {
      slot.tell(
          new SlotCommand.Book(
              "c" + i,
              1 + i % 3,
              "k" + i,
              Map.of("name", "n" + i),
              null,
              caller.ref(),
              null,
              null));
      assertTrue(caller.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    }
    slot.tell(new SlotCommand.Cancel("b-7", caller.ref(), null));
    caller.expectMessageClass(BookingReply.Booking.class, WAIT);
    slot.tell(new SlotCommand.GetSlot(admin.ref()));
    SlotView before = admin.expectMessageClass(SlotReply.Current.class, WAIT).slot();

    List<Long> stored =
        admin.awaitAssert(
            WAIT,
            () -> {
              List<Long> seqs = snapshotSequenceNrs(slotId);
              assertEquals(2, seqs.size(), () -> "the newest two are kept: " + seqs);
              return seqs;
            });
    testKit.stop(slot);

    ActorRef<SlotCommand> recovered = spawn(slotId);
    recovered.tell(new SlotCommand.GetSlot(admin.ref()));
    assertEquals(before, admin.expectMessageClass(SlotReply.Current.class, WAIT).slot());
    recovered.tell(new SlotCommand.Book("c3", 1, "k3", Map.of(), null, caller.ref(), null, null));
    BookingReply.Booking retry = caller.expectMessageClass(BookingReply.Booking.class, WAIT);
    assertEquals(
        "b-4", retry.booking().bookingId(), "a retry after recovery finds the original booking");
    recovered.tell(new SlotCommand.GetBooking("b-7", caller.ref()));
    assertEquals(
        BookingStatus.CANCELLED,
        caller.expectMessageClass(BookingReply.Booking.class, WAIT).booking().status());
    assertTrue(stored.get(1) > stored.get(0));
    testKit.stop(recovered);
  }

  /**
   * A slot asked to stop (as sharding does on hand-off and passivation) stores its state first when
   * it recorded at least snapshot-every facts since its last snapshot, so that its next incarnation
   * replays nothing; with fewer it stops at once.
   */
  @Test
  void aStoppingSlotSnapshotsWhatItRecordedFirst() throws Exception {
    String slotId = "stop_20261201_0920";
    ActorRef<SlotCommand> slot = spawn(slotId, withStopSnapshots);
    TestProbe<SlotReply> admin = testKit.createTestProbe();
    slot.tell(
        new SlotCommand.DefineSlot(
            new SlotDefinition(
                slotId,
                "stop",
                START,
                START.plusMinutes(10),
                Instant.parse("2026-12-01T01:20:00Z"),
                500),
            admin.ref()));
    admin.expectMessageClass(SlotReply.Current.class, WAIT);
    TestProbe<BookingReply> caller = testKit.createTestProbe();
    // 30 writes of one booking: the snapshots on the way come at growing intervals (at least 5
    // facts, at least half the bookings), the last of them well before the last write (31).
    for (int i = 0; i < 30; i++) {
      slot.tell(
          new SlotCommand.Book("c" + i, 1, "k" + i, Map.of(), null, caller.ref(), null, null));
      assertTrue(caller.expectMessageClass(BookingReply.Booking.class, WAIT).changed());
    }
    slot.tell(new SlotCommand.GetSlot(admin.ref()));
    SlotView before = admin.expectMessageClass(SlotReply.Current.class, WAIT).slot();
    admin.awaitAssert(
        WAIT,
        () -> {
          List<Long> seqs = snapshotSequenceNrs(slotId);
          assertTrue(
              !seqs.isEmpty() && seqs.get(seqs.size() - 1) < 31, () -> "on the way: " + seqs);
          return seqs;
        });

    TestProbe<Object> watcher = testKit.createTestProbe();
    slot.tell(new LedgerProtocol.Stop());
    watcher.expectTerminated(slot, WAIT);
    List<Long> afterStop = snapshotSequenceNrs(slotId);
    assertEquals(
        31L,
        afterStop.get(afterStop.size() - 1),
        () -> "stored before it stopped, after its last write: " + afterStop);

    ActorRef<SlotCommand> again = spawn(slotId, withStopSnapshots);
    again.tell(new SlotCommand.GetSlot(admin.ref()));
    assertEquals(before, admin.expectMessageClass(SlotReply.Current.class, WAIT).slot());
    // Recovered from that snapshot, it recorded nothing since: stopping stores nothing more.
    again.tell(new LedgerProtocol.Stop());
    watcher.expectTerminated(again, WAIT);
    assertEquals(afterStop, snapshotSequenceNrs(slotId));
  }
}
