package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.serialization.SerializationExtension;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.journal.SnapshotWriter;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.rules.Hold;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An anonymous loop of hold + release on one slot, on a real PostgreSQL: 50,000 cycles leave a
 * snapshot of a few dozen kilobytes (the slot keeps at most {@code keep-at-most} ended holds,
 * however fast they end), and after a restart the slot recovers from it and answers as before: the
 * counts are right, a hold released a moment ago is still looked up and retried by its key, one
 * released long before is unknown (404).
 */
class SlotHistoryPostgresTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int CYCLES = 50_000;
  private static final int CALLERS = 500;
  private static final int MAX_SNAPSHOT_BYTES = 300 * 1024;

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ActorTestKit testKit;
  private static ExecutorService threads;
  private static SlotSnapshots snapshots;

  /**
   * A clock that moves on by a millisecond whenever it is read (once per batch): the holds of
   * different batches end at different instants, so "the oldest first" is the order they ended in.
   */
  private static final class TickingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(NOW.toEpochMilli());

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.incrementAndGet());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private static final Clock CLOCK = new TickingClock();

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    DatabaseSettings settings = new DatabaseSettings(db.url(), db.user(), db.password(), 4);
    dataSource = Database.pool(settings, "history-test");
    SchemaMigration.migrate(dataSource);
    testKit =
        ActorTestKit.create(
            "SlotHistoryPostgresTest",
            ConfigFactory.parseString("akka.actor.provider = local")
                .withFallback(TestConfigs.clusterNode(settings)));
    threads = Executors.newFixedThreadPool(2);
    snapshots =
        SlotSnapshots.storedBy(
            new SnapshotWriter(dataSource, threads, SerializationExtension.get(testKit.system())));
  }

  @AfterAll
  static void stop() throws Exception {
    testKit.shutdownTestKit();
    threads.shutdownNow();
    dataSource.close();
    db.close();
  }

  /** As the engine runs a slot: the defaults of reference.conf, history bounds included. */
  private static final SlotSettings SETTINGS = TestConfigs.slotSettings();

  private static ActorRef<SlotCommand> spawn(String slotId) {
    return testKit.spawn(
        SlotEntity.create(
            slotId,
            SETTINGS,
            SlotCatalog.NONE,
            snapshots,
            CLOCK,
            new SequentialIds(),
            self -> {},
            GrantReleases.NONE));
  }

  private static void define(ActorRef<SlotCommand> slot, String slotId) {
    TestProbe<SlotReply> admin = testKit.createTestProbe();
    slot.tell(
        new SlotCommand.DefineSlot(
            new SlotDefinition(
                slotId,
                "hist",
                START,
                START.plusMinutes(10),
                Instant.parse("2026-12-01T01:20:00Z"),
                1000),
            admin.ref()));
    admin.expectMessageClass(SlotReply.Current.class, WAIT);
  }

  private static <T> CompletionStage<T> ask(
      ActorRef<SlotCommand> slot, akka.japi.function.Function<ActorRef<T>, SlotCommand> command) {
    return AskPattern.ask(slot, command, WAIT, testKit.scheduler());
  }

  private static HoldReply.Current place(ActorRef<SlotCommand> slot, String customer, String key)
      throws Exception {
    HoldReply reply =
        AskPattern.<SlotCommand, HoldReply>ask(
                slot,
                replyTo ->
                    new SlotCommand.PlaceHold(
                        customer, 1, null, key, Map.of(), null, replyTo, null, null),
                WAIT,
                testKit.scheduler())
            .toCompletableFuture()
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return assertInstanceOf(HoldReply.Current.class, reply);
  }

  /**
   * One caller's loop: hold, release, again, {@code cycles} times, each hold with its own key. The
   * ids of the holds are added to {@code holdIds} in order.
   */
  private static CompletionStage<Void> loop(
      ActorRef<SlotCommand> slot, String customer, int cycle, int cycles, List<String> holdIds) {
    if (cycle == cycles) return CompletableFuture.completedFuture(null);
    String key = customer + "-" + cycle;
    return SlotHistoryPostgresTest.<HoldReply>ask(
            slot,
            replyTo ->
                new SlotCommand.PlaceHold(
                    customer, 1, null, key, Map.of("name", "N"), null, replyTo, null, null))
        .thenCompose(
            placed -> {
              String holdId = ((HoldReply.Current) placed).hold().holdId();
              holdIds.add(holdId);
              return SlotHistoryPostgresTest.<HoldReply>ask(
                  slot, replyTo -> new SlotCommand.ReleaseHold(holdId, replyTo, null));
            })
        .thenCompose(
            released -> {
              if (!(released instanceof HoldReply.Current r)
                  || r.hold().status() != HoldStatus.RELEASED)
                throw new IllegalStateException("not released: " + released);
              return loop(slot, customer, cycle + 1, cycles, holdIds);
            });
  }

  private static SlotView view(ActorRef<SlotCommand> slot) {
    TestProbe<SlotReply> admin = testKit.createTestProbe();
    slot.tell(new SlotCommand.GetSlot(admin.ref()));
    return admin.expectMessageClass(SlotReply.Current.class, WAIT).slot();
  }

  /** Stops the slot as sharding does (it stores a snapshot of what it holds in memory first). */
  private static void stopSlot(ActorRef<SlotCommand> slot) {
    TestProbe<Object> watcher = testKit.createTestProbe();
    slot.tell(new LedgerProtocol.Stop());
    watcher.expectTerminated(slot, WAIT);
  }

  /** The newest snapshot row of a slot: its size in bytes, and what it holds. */
  private record Stored(long sequenceNr, int bytes, SlotSnapshot snapshot) {}

  private static Stored newestSnapshot(String slotId) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT sequence_number, snapshot_ser_id, snapshot_ser_manifest, snapshot_payload"
                    + " FROM snapshot WHERE persistence_id = ? ORDER BY sequence_number DESC"
                    + " LIMIT 1")) {
      s.setString(1, SlotLedger.persistenceId(slotId).id());
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), "a snapshot was stored");
        byte[] payload = rs.getBytes(4);
        Object snapshot =
            SerializationExtension.get(testKit.system())
                .deserialize(payload, rs.getInt(2), rs.getString(3))
                .get();
        return new Stored(rs.getLong(1), payload.length, (SlotSnapshot) snapshot);
      }
    }
  }

  /** Spawns the slot again and waits for its first answer: recovery included. */
  private static ActorRef<SlotCommand> recover(String slotId, List<Long> millis) {
    long began = System.nanoTime();
    ActorRef<SlotCommand> slot = spawn(slotId);
    view(slot);
    millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    return slot;
  }

  @Test
  void fiftyThousandHoldAndReleaseCyclesLeaveASmallSnapshotAndAFastRecovery() throws Exception {
    // A quiet slot to compare with: a few cycles.
    String quietId = "quiet_20261201_0920";
    ActorRef<SlotCommand> quiet = spawn(quietId);
    define(quiet, quietId);
    loop(quiet, "q", 0, 1_000, new ArrayList<>()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    stopSlot(quiet);

    String slotId = "hist_20261201_0920";
    ActorRef<SlotCommand> slot = spawn(slotId);
    define(slot, slotId);
    List<List<String>> holdIds = new ArrayList<>();
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    long began = System.nanoTime();
    for (int i = 0; i < CALLERS; i++) {
      List<String> ids = new ArrayList<>();
      holdIds.add(ids);
      callers.add(loop(slot, "c" + i, 0, CYCLES / CALLERS, ids).toCompletableFuture());
    }
    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    long cyclesMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    SlotView before = view(slot);
    assertEquals(0, before.held());
    assertEquals(0, before.booked());
    assertEquals(1000, before.available());
    stopSlot(slot);

    Stored stored = newestSnapshot(slotId);
    List<Hold> holds = stored.snapshot().holds();
    int keepAtMost = SETTINGS.history().keepAtMost();
    System.out.printf(
        "SlotHistoryPostgresTest: %,d hold+release cycles in %,d ms; newest snapshot (after"
            + " event %d) %,d bytes, %,d holds (keep-at-most %,d)%n",
        CYCLES, cyclesMillis, stored.sequenceNr(), stored.bytes(), holds.size(), keepAtMost);
    assertTrue(
        stored.bytes() < MAX_SNAPSHOT_BYTES,
        () -> "snapshot of " + stored.bytes() + " bytes after " + CYCLES + " cycles");
    // What the slot held in memory then (the newest snapshot may be one taken on the way, while
    // callers still held seats): at most keep-at-most ended holds, besides at most one held per
    // caller.
    long ended = holds.stream().filter(h -> !h.isHeld()).count();
    assertTrue(ended <= keepAtMost, () -> ended + " ended holds kept");
    assertTrue(holds.size() - ended <= CALLERS);

    List<Long> recoveries = new ArrayList<>();
    ActorRef<SlotCommand> recovered = recover(slotId, recoveries);
    ActorRef<SlotCommand> quietAgain = recover(quietId, recoveries);
    System.out.printf(
        "SlotHistoryPostgresTest: first answer after a restart in %d ms (the quiet slot of 1,000"
            + " cycles: %d ms)%n",
        recoveries.get(0), recoveries.get(1));
    assertEquals(before, view(recovered));

    // The last hold of a caller ended a moment ago: looked up, and a retry with its key is the
    // same hold.
    List<String> lastCaller = holdIds.get(CALLERS - 1);
    String recent = lastCaller.get(lastCaller.size() - 1);
    HoldReply.Current found =
        assertInstanceOf(
            HoldReply.Current.class,
            SlotHistoryPostgresTest.<HoldReply>ask(
                    recovered, replyTo -> new SlotCommand.GetHold(recent, replyTo))
                .toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(HoldStatus.RELEASED, found.hold().status());
    String recentKey = "c" + (CALLERS - 1) + "-" + (lastCaller.size() - 1);
    HoldReply.Current retried = place(recovered, "c" + (CALLERS - 1), recentKey);
    assertEquals(recent, retried.hold().holdId());
    assertFalse(retried.changed());

    // The first hold ended long (49,000 ends) ago: unknown, as documented (404).
    String first = holdIds.get(0).get(0);
    Object old =
        SlotHistoryPostgresTest.<HoldReply>ask(
                recovered, replyTo -> new SlotCommand.GetHold(first, replyTo))
            .toCompletableFuture()
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(RejectionReason.UNKNOWN_HOLD, assertInstanceOf(Rejected.class, old).reason());

    // And the slot serves on: a new hold counts.
    assertTrue(place(recovered, "someone", null).changed());
    assertEquals(1, view(recovered).held());
    testKit.stop(recovered);
    testKit.stop(quietAgain);
  }
}
