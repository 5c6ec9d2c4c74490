package com.reservation.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.store.SchemaMigration.MigrationException;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The schema migration (Flyway) on a real PostgreSQL: idempotent, safe to run concurrently, loud
 * when it fails, and a database made before Flyway migrates without loss.
 */
class SchemaMigrationTest {
  private static final int LATEST = 10;

  /** Versions 1 to 9. */
  private static final int MIGRATIONS = 10;

  /** Rows the versions write into reservation_schema_version (one each). */
  private static final int VERSION_ROWS = 10;

  private static final Set<String> TABLES =
      Set.of(
          "event_journal",
          "event_tag",
          "snapshot",
          "akka_projection_offset_store",
          "akka_projection_management",
          "venue",
          "slot_catalog",
          "slot_availability",
          "reservation_schema_version",
          "flyway_schema_history",
          "webhook",
          "webhook_delivery",
          "booking_arrivals",
          "customer_key",
          "webhook_dead_letter",
          "earlier_customer_allowance",
          "secret_key",
          "waiting_room");
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    if (db != null) db.close();
  }

  private static PGSimpleDataSource dataSource(String database, String user) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL("jdbc:postgresql://127.0.0.1:" + db.port() + "/" + database);
    ds.setUser(user);
    ds.setPassword(db.password());
    ds.setConnectTimeout(5);
    return ds;
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = dataSource("postgres", "postgres").getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A fresh, empty database, so each test migrates from nothing. */
  private static DataSource freshDatabase() throws SQLException {
    String name = "migration_" + DATABASES.incrementAndGet();
    admin("CREATE DATABASE " + name);
    return dataSource(name, "postgres");
  }

  private static <T> T query(DataSource ds, String sql, ResultSetReader<T> reader)
      throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return reader.read(rs);
    }
  }

  @FunctionalInterface
  private interface ResultSetReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static Set<String> tables(DataSource ds) throws SQLException {
    return query(
        ds,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        rs -> {
          Set<String> names = new TreeSet<>();
          while (rs.next()) names.add(rs.getString(1));
          return names;
        });
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    return query(ds, sql, rs -> rs.next() ? rs.getLong(1) : -1);
  }

  @Test
  void migratingTwiceChangesNothingTheSecondTime() throws Exception {
    DataSource ds = freshDatabase();

    SchemaMigration.Result first = SchemaMigration.migrate(ds);
    assertEquals(new SchemaMigration.Result(MIGRATIONS, LATEST), first);
    assertEquals(TABLES, tables(ds));
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO venue(venue_id, name, time_zone) VALUES ('pwtc', 'PWTC', 'Asia/Kuala_Lumpur')");
    }

    SchemaMigration.Result second = SchemaMigration.migrate(ds);

    assertEquals(new SchemaMigration.Result(0, LATEST), second);
    assertEquals(TABLES, tables(ds));
    assertEquals(1, count(ds, "SELECT count(*) FROM venue"), "data survives a second migration");
    assertEquals(VERSION_ROWS, count(ds, "SELECT count(*) FROM reservation_schema_version"));
    assertEquals(
        2,
        count(
            ds,
            "SELECT count(*) FROM pg_indexes WHERE indexname IN ('event_journal_ordering_idx', 'slot_catalog_venue_date_idx')"));
  }

  @Test
  void concurrentMigrationsOfAnEmptyDatabaseBothSucceed() throws Exception {
    DataSource ds = freshDatabase();
    int nodes = 4;
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<SchemaMigration.Result>> results = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return SchemaMigration.migrate(ds);
                }));
      }
      go.countDown();
      for (Future<SchemaMigration.Result> result : results) {
        assertEquals(LATEST, result.get(60, TimeUnit.SECONDS).schemaVersion());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(TABLES, tables(ds));
    assertEquals(MIGRATIONS, count(ds, "SELECT count(*) FROM flyway_schema_history WHERE success"));
    assertEquals(
        0,
        count(ds, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"),
        "the lock is released");
  }

  @Test
  void aClosedDataSourceFailsWithAHelpfulMessage() {
    HikariDataSource closed =
        Database.pool(new DatabaseSettings(db.url(), db.user(), db.password(), 1), "closed-pool");
    closed.close();

    MigrationException e =
        assertThrows(MigrationException.class, () -> SchemaMigration.migrate(closed));

    assertTrue(e.getMessage().startsWith("Cannot migrate the schema: "), e.getMessage());
    assertTrue(e.getMessage().contains("Check that PostgreSQL is reachable"), e.getMessage());
    assertInstanceOf(SQLException.class, e.getCause(), "a closed pool fails before Flyway starts");
  }

  @Test
  void anUnreachableDatabaseFailsWithTheDriversReason() throws Exception {
    int nothingListens;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingListens = socket.getLocalPort();
    }
    PGSimpleDataSource unreachable = new PGSimpleDataSource();
    unreachable.setURL("jdbc:postgresql://127.0.0.1:" + nothingListens + "/postgres");
    unreachable.setUser("postgres");
    unreachable.setConnectTimeout(2);

    MigrationException e =
        assertThrows(MigrationException.class, () -> SchemaMigration.migrate(unreachable));

    assertTrue(e.getMessage().contains("127.0.0.1:" + nothingListens), e.getMessage());
    assertTrue(e.getMessage().contains("Check that PostgreSQL is reachable"), e.getMessage());
  }

  @Test
  void aFailingMigrationSaysWhyAndTheLockIsReleased() throws Exception {
    String database = "migration_locked_" + DATABASES.incrementAndGet();
    admin("CREATE DATABASE " + database);
    admin(
        "CREATE ROLE limited_"
            + database
            + " LOGIN PASSWORD 'limited-password'"); // not the owner of schema public: may not
    // create tables
    // a pool keeps the session open, so a lock left behind would still be held
    DatabaseSettings limited =
        new DatabaseSettings(
            "jdbc:postgresql://127.0.0.1:" + db.port() + "/" + database,
            "limited_" + database,
            "limited-password",
            1);
    try (HikariDataSource pool = Database.pool(limited, "limited-pool")) {
      MigrationException e =
          assertThrows(MigrationException.class, () -> SchemaMigration.migrate(pool));

      assertTrue(e.getMessage().startsWith("Cannot migrate the schema: "), e.getMessage());
      assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
      assertEquals(
          0,
          count(
              dataSource(database, "postgres"),
              "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"),
          "the advisory lock is released although the pooled session lives on");
      assertEquals(Set.of(), tables(dataSource(database, "postgres")));
    }
  }

  /**
   * A database made by the versions before Flyway (their idempotent script, here version 1's, with
   * data) is baselined and migrated: nothing is lost, old tag rows sort before new ones, and the
   * projection's offsets carry over.
   */
  @Test
  void aDatabaseMadeBeforeFlywayMigratesWithoutLoss() throws Exception {
    DataSource ds = freshDatabase();
    String firstSchema;
    try (var in = SchemaMigration.class.getResourceAsStream("/db/migration/V1__baseline.sql")) {
      firstSchema = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(firstSchema); // what the pre-Flyway migration ran on every start
      s.execute("INSERT INTO venue(venue_id, name, time_zone) VALUES ('pwtc', 'PWTC', 'UTC')");
      s.execute(
          "INSERT INTO event_journal(persistence_id, sequence_number, writer, event_ser_id, event_ser_manifest,"
              + " event_payload) VALUES ('Slot|a', 1, 'w', 33, 'm', '\\x00'), ('Slot|a', 2, 'w', 33, 'm', '\\x01')");
      s.execute(
          "INSERT INTO event_tag(event_id, tag) SELECT ordering, 'slot-1' FROM event_journal");
      s.execute(
          "INSERT INTO akka_projection_offset_store VALUES ('slot-availability', 'slot-1', '1', 'SEQ', false, 0)");
      s.execute(
          "INSERT INTO slot_availability(slot_id, capacity, booked, admin_closed) VALUES ('pwtc_x', 10, 3, false)");
    }

    SchemaMigration.Result result = SchemaMigration.migrate(ds);

    assertEquals(LATEST, result.schemaVersion());
    assertEquals(1, count(ds, "SELECT count(*) FROM venue"));
    assertEquals(2, count(ds, "SELECT count(*) FROM event_journal"));
    assertEquals(
        2, count(ds, "SELECT count(*) FROM event_tag WHERE txid = 0"), "old tag rows come first");
    assertEquals(3, count(ds, "SELECT booked FROM slot_availability WHERE slot_id = 'pwtc_x'"));
    assertEquals(
        1,
        count(
            ds,
            "SELECT count(*) FROM akka_projection_offset_store WHERE projection_name = 'slot-availability-v2'"
                + " AND projection_key = 'slot-1' AND current_offset = '0:1' AND manifest = 'STR'"));
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO event_journal(persistence_id, sequence_number, writer, event_ser_id, event_ser_manifest,"
              + " event_payload) VALUES ('Slot|a', 3, 'w', 33, 'm', '\\x02')");
      s.execute(
          "INSERT INTO event_tag(event_id, tag) SELECT max(ordering), 'slot-1' FROM event_journal");
    }
    assertEquals(
        1,
        count(ds, "SELECT count(*) FROM event_tag WHERE txid > 0"),
        "new rows record their transaction");
  }
}
