package com.reservation.engine.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * First keys written many to a statement, on a real PostgreSQL: one key per customer whatever the
 * interleaving.
 */
class NewKeyWriterTest {
  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ExecutorService jdbc;

  /** Counts the statements the writer runs (each task on this executor is one statement). */
  private static final AtomicInteger statements = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dataSource =
        Database.pool(new DatabaseSettings(db.url(), db.user(), db.password(), 4), "new-key-test");
    SchemaMigration.migrate(dataSource);
    jdbc = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stop() throws Exception {
    jdbc.shutdownNow();
    dataSource.close();
    db.close();
  }

  private static NewKeyWriter writer() {
    return new NewKeyWriter(
        dataSource,
        task -> {
          statements.incrementAndGet();
          jdbc.execute(task);
        },
        1000);
  }

  @Test
  void aBurstOfNewCustomersTakesFewStatementsAndEveryCustomerOneKey() throws Exception {
    NewKeyWriter writer = writer();
    int before = statements.get();
    List<String> customers = new ArrayList<>();
    List<CompletableFuture<byte[]>> keys = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      // Every customer asked twice, as two concurrent first bookings of one person would.
      String customer = "burst-" + (i / 2);
      customers.add(customer);
      keys.add(writer.keyFor(customer).toCompletableFuture());
    }
    CompletableFuture.allOf(keys.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    Map<String, byte[]> stored = storedKeys("burst-%");
    assertEquals(1000, stored.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i).get();
      assertEquals(32, key.length);
      assertArrayEquals(stored.get(customers.get(i)), key, "the key answered is the key stored");
    }
    int used = statements.get() - before;
    assertTrue(used < 200, "1,000 new customers arriving at once share statements: " + used);
  }

  @Test
  void anExistingKeyIsKeptAndAnErasedCustomerGetsANewOne() throws Exception {
    NewKeyWriter writer = writer();
    byte[] first = writer.keyFor("kept").toCompletableFuture().get(30, TimeUnit.SECONDS);
    byte[] again = writer.keyFor("kept").toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertArrayEquals(first, again);

    execute("UPDATE customer_key SET key = NULL, erased_at = now() WHERE customer_id = 'kept'");
    byte[] after = writer.keyFor("kept").toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertFalse(
        Arrays.equals(first, after), "contact given after an erasure is sealed under a new key");
    assertArrayEquals(storedKeys("kept").get("kept"), after);
  }

  @Test
  void twoNodesAgreeOnOneKey() throws Exception {
    NewKeyWriter node1 = writer();
    NewKeyWriter node2 = writer();
    List<CompletableFuture<byte[]>> a = new ArrayList<>();
    List<CompletableFuture<byte[]>> b = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      a.add(node1.keyFor("both-" + i).toCompletableFuture());
      b.add(node2.keyFor("both-" + i).toCompletableFuture());
    }
    for (int i = 0; i < 300; i++) {
      assertArrayEquals(
          a.get(i).get(30, TimeUnit.SECONDS), b.get(i).get(30, TimeUnit.SECONDS), "both-" + i);
    }
  }

  private static Map<String, byte[]> storedKeys(String like) throws SQLException {
    Map<String, byte[]> keys = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT customer_id, key FROM customer_key WHERE customer_id LIKE ?")) {
      s.setString(1, like);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) keys.put(rs.getString(1), rs.getBytes(2));
      }
    }
    return keys;
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.executeUpdate();
    }
  }
}
