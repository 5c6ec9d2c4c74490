package com.reservation.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.stream.javadsl.Sink;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.TestConfigs;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our journal and akka-persistence-jdbc's share one schema: an entity recovers through either
 * plugin from what the other wrote, and akka-persistence-jdbc's read journal reads our rows, as
 * ours reads theirs. A journal written by an earlier version of the engine (with
 * akka-persistence-jdbc's plugin) therefore keeps working.
 */
class JournalCompatibilityTest {
  private static final String TAG = "compat";

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ActorTestKit testKit;
  private static ExecutorService threads;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    DatabaseSettings settings = new DatabaseSettings(db.url(), db.user(), db.password(), 4);
    dataSource = Database.pool(settings, "compat-test");
    SchemaMigration.migrate(dataSource);
    testKit =
        ActorTestKit.create(
            "JournalCompatibilityTest",
            ConfigFactory.parseString("akka.actor.provider = local")
                .withFallback(TestConfigs.clusterNode(settings)));
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() throws Exception {
    testKit.shutdownTestKit();
    threads.shutdownNow();
    dataSource.close();
    db.close();
  }

  /** Appends each command to its list of strings; answers the list it recovered or has now. */
  record Append(String event, ActorRef<List<String>> replyTo) {}

  static final class Log extends EventSourcedBehavior<Append, String, List<String>> {
    private final String plugin;

    Log(String id, String plugin) {
      super(PersistenceId.ofUniqueId(id));
      this.plugin = plugin;
    }

    static Behavior<Append> create(String id, String plugin) {
      return new Log(id, plugin);
    }

    @Override
    public String journalPluginId() {
      return plugin;
    }

    @Override
    public List<String> emptyState() {
      return List.of();
    }

    @Override
    public CommandHandler<Append, String, List<String>> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(
              a -> a.event() == null,
              (state, a) -> Effect().none().thenRun(s -> a.replyTo().tell(s)))
          .onAnyCommand(
              (state, a) -> Effect().persist(a.event()).thenRun(s -> a.replyTo().tell(s)));
    }

    @Override
    public EventHandler<List<String>, String> eventHandler() {
      return newEventHandlerBuilder()
          .forAnyState()
          .onAnyEvent(
              (state, event) -> {
                List<String> next = new ArrayList<>(state);
                next.add(event);
                return List.copyOf(next);
              });
    }

    @Override
    public Set<String> tagsFor(String event) {
      return Set.of(TAG);
    }
  }

  private static List<String> run(String id, String plugin, String... events) {
    ActorRef<Append> log = testKit.spawn(Log.create(id, plugin));
    TestProbe<List<String>> probe = testKit.createTestProbe();
    List<String> last = null;
    for (String event : events) {
      log.tell(new Append(event, probe.ref()));
      last = probe.receiveMessage(Duration.ofSeconds(10));
    }
    log.tell(new Append(null, probe.ref()));
    List<String> state = probe.receiveMessage(Duration.ofSeconds(10));
    testKit.stop(log);
    return events.length == 0 ? state : last;
  }

  @Test
  void eitherPluginRecoversWhatTheOtherWroteAndBothReadersReadBoth() throws Exception {
    run("compat|1", "jdbc-journal", "a1", "a2");
    assertEquals(List.of("a1", "a2", "b3"), run("compat|1", "reservation-journal", "b3"));
    assertEquals(List.of("a1", "a2", "b3", "a4"), run("compat|1", "jdbc-journal", "a4"));
    assertEquals(List.of("a1", "a2", "b3", "a4"), run("compat|1", "reservation-journal"));

    JdbcReadJournal theirs =
        PersistenceQuery.get(testKit.system())
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    List<Object> readByTheirs =
        theirs
            .currentEventsByTag(TAG, Offset.noOffset())
            .map(EventEnvelope::event)
            .runWith(Sink.seq(), testKit.system())
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(List.of("a1", "a2", "b3", "a4"), readByTheirs);

    EventsByTag<String> ours =
        new EventsByTag<>(
            testKit.system(), TAG, String.class, dataSource, threads, Duration.ofMillis(50), 100);
    assertEquals(
        List.of("a1", "a2", "b3", "a4"),
        ours.read(TagOffset.START).stream().map(TaggedEvent::event).toList());
  }
}
