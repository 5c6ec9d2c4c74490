package com.reservation.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.metrics.EngineMetrics;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.TestConfigs;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our snapshot store against a real PostgreSQL: it reads what akka-persistence-jdbc's stored and
 * the other way round, recoveries that come together share statements, and the highest sequence
 * number it reads with a snapshot lets the entity go on writing exactly after its last event.
 */
class PostgresSnapshotStoreTest {
  private static final String OURS = "reservation-snapshot-store";
  private static final String THEIRS = "jdbc-snapshot-store";

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    DatabaseSettings settings = new DatabaseSettings(db.url(), db.user(), db.password(), 4);
    dataSource = Database.pool(settings, "snapshot-store-test");
    SchemaMigration.migrate(dataSource);
    testKit =
        ActorTestKit.create(
            "PostgresSnapshotStoreTest",
            ConfigFactory.parseString("akka.actor.provider = local")
                .withFallback(TestConfigs.clusterNode(settings)));
  }

  @AfterAll
  static void stop() throws Exception {
    testKit.shutdownTestKit();
    dataSource.close();
    db.close();
  }

  /** Appends each command's event (null: only answers); answers the list it has. */
  record Append(String event, ActorRef<List<String>> replyTo) {}

  /**
   * A list of strings, kept as one comma-separated string (a snapshot needs a serializer), that
   * snapshots every second event into the given snapshot store.
   */
  static final class Log extends EventSourcedBehavior<Append, String, String> {
    private final String snapshotPlugin;

    Log(String id, String snapshotPlugin) {
      super(PersistenceId.ofUniqueId(id));
      this.snapshotPlugin = snapshotPlugin;
    }

    static Behavior<Append> create(String id, String snapshotPlugin) {
      return new Log(id, snapshotPlugin);
    }

    @Override
    public String snapshotPluginId() {
      return snapshotPlugin;
    }

    @Override
    public String emptyState() {
      return "";
    }

    private static List<String> list(String state) {
      return state.isEmpty() ? List.of() : List.of(state.split(","));
    }

    @Override
    public CommandHandler<Append, String, String> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(
              a -> a.event() == null,
              (state, a) -> Effect().none().thenRun(s -> a.replyTo().tell(list(s))))
          .onAnyCommand(
              (state, a) -> Effect().persist(a.event()).thenRun(s -> a.replyTo().tell(list(s))));
    }

    @Override
    public EventHandler<String, String> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onAnyEvent((state, event) -> state.isEmpty() ? event : state + "," + event);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(2, 2);
    }
  }

  /** Sends the events to a new incarnation of {@code id}, stops it, answers its last state. */
  private static List<String> run(String id, String plugin, String... events) {
    ActorRef<Append> log = testKit.spawn(Log.create(id, plugin));
    TestProbe<List<String>> probe = testKit.createTestProbe();
    for (String event : events) {
      log.tell(new Append(event, probe.ref()));
      probe.receiveMessage(Duration.ofSeconds(10));
    }
    log.tell(new Append(null, probe.ref()));
    List<String> state = probe.receiveMessage(Duration.ofSeconds(10));
    testKit.stop(log);
    return state;
  }

  /**
   * Removes the events a snapshot covers, so that a recovery that does not read the snapshot loses
   * them.
   */
  private static void dropEventsUpTo(String id, long sequenceNr) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM event_journal WHERE persistence_id = ? AND sequence_number <= ?")) {
      s.setString(1, id);
      s.setLong(2, sequenceNr);
      s.executeUpdate();
    }
  }

  @Test
  void eachStoreReadsWhatTheOtherWrote() throws Exception {
    assertEquals(
        List.of("a", "b", "c", "d", "e"), run("theirs-1", THEIRS, "a", "b", "c", "d", "e"));
    dropEventsUpTo("theirs-1", 4);
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), run("theirs-1", OURS, "f"));

    assertEquals(List.of("a", "b", "c", "d", "e"), run("ours-1", OURS, "a", "b", "c", "d", "e"));
    dropEventsUpTo("ours-1", 4);
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), run("ours-1", THEIRS, "f"));
  }

  @Test
  void anEntityGoesOnAfterItsLastEventWhateverItRecoveredFrom() {
    // No snapshot yet, one event: the prefetched highest sequence number is 1, so the next is 2.
    assertEquals(List.of("x"), run("goes-on", OURS, "x"));
    assertEquals(List.of("x", "y"), run("goes-on", OURS, "y"));
    // A snapshot at 2, an event after it: recovery reads both, the next write is 4.
    assertEquals(List.of("x", "y", "z"), run("goes-on", OURS, "z"));
    assertEquals(List.of("x", "y", "z", "w"), run("goes-on", OURS, "w"));
    assertEquals(List.of("x", "y", "z", "w"), run("goes-on", OURS));
  }

  @Test
  void recoveriesThatComeTogetherShareStatements() {
    int entities = 300;
    List<String> ids = IntStream.range(0, entities).mapToObj(i -> "together-" + i).toList();
    for (String id : ids) run(id, OURS, id + "-first", id + "-second", id + "-third");
    // The engine's registry is a composite that records only once a registry is added to it.
    EngineMetrics.get(testKit.system()).registry().add(new SimpleMeterRegistry());
    DistributionSummary loads =
        EngineMetrics.get(testKit.system())
            .meters()
            .get("reservation.snapshots.load.entities")
            .summary();
    long statementsBefore = loads.count();
    double entitiesBefore = loads.totalAmount();

    TestProbe<List<String>> probe = testKit.createTestProbe();
    List<ActorRef<Append>> logs = new ArrayList<>();
    for (String id : ids) logs.add(testKit.spawn(Log.create(id, OURS)));
    for (ActorRef<Append> log : logs) log.tell(new Append(null, probe.ref()));
    List<List<String>> states = probe.receiveSeveralMessages(entities, Duration.ofSeconds(30));
    for (List<String> state : states) {
      assertEquals(3, state.size(), state.toString());
      String id = state.get(0).substring(0, state.get(0).length() - "-first".length());
      assertEquals(List.of(id + "-first", id + "-second", id + "-third"), state);
    }
    long statements = loads.count() - statementsBefore;
    assertEquals(entities, loads.totalAmount() - entitiesBefore, 0.0);
    assertTrue(
        statements < entities / 2,
        statements + " load statements for " + entities + " recoveries that came together");
    // Each goes on writing after its own last event.
    for (ActorRef<Append> log : logs) log.tell(new Append("fourth", probe.ref()));
    for (List<String> state : probe.receiveSeveralMessages(entities, Duration.ofSeconds(30))) {
      assertEquals(4, state.size(), state.toString());
    }
    logs.forEach(testKit::stop);
  }
}
