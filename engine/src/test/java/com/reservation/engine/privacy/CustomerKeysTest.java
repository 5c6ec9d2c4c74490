package com.reservation.engine.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's cache of contact keys against erasures that race with a write carrying a new key, on a
 * real PostgreSQL: the write's answer (which makes the node learn the key) may arrive after the
 * erasure reached the node, and the erased key must not come back.
 */
class CustomerKeysTest {
  private static final AtomicInteger CUSTOMERS = new AtomicInteger();

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static ExecutorService executor;

  private CustomerKeys keys;
  private String customer;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dataSource =
        Database.pool(new DatabaseSettings(db.url(), db.user(), db.password(), 4), "keys-test");
    SchemaMigration.migrate(dataSource);
    executor = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (executor != null) executor.shutdownNow();
      if (dataSource != null) dataSource.close();
    } finally {
      if (db != null) db.close();
    }
  }

  @BeforeEach
  void newNode() {
    keys = new CustomerKeys(dataSource, executor, Duration.ofSeconds(30));
    customer = "ann" + CUSTOMERS.incrementAndGet();
  }

  /** What the slot's write does with a new key: stored in the statement that stores the event. */
  private static void storedByTheWrite(CustomerKeyRow row) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO customer_key (customer_id, key_id, key) VALUES (?, ?, ?)")) {
      s.setString(1, row.customerId());
      s.setLong(2, row.keyId());
      s.setBytes(3, row.key());
      s.executeUpdate();
    }
  }

  private Optional<byte[]> read(long keyId) throws Exception {
    return keys.keyForReading(customer, keyId).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aNewKeyIsLearntWhenNoErasureCameBetween() throws Exception {
    SealingKey sealing = keys.keyForSealing(customer);
    assertNotNull(sealing.toStore(), "a customer this node does not know gets a new key");
    storedByTheWrite(sealing.toStore());
    keys.stored(sealing.toStore(), sealing.erasuresSeen());

    SealingKey next = keys.keyForSealing(customer);
    assertEquals(sealing.keyId(), next.keyId(), "seals with the stored key from now on");
    assertNull(next.toStore());
    assertArrayEquals(sealing.key(), read(sealing.keyId()).orElseThrow());
  }

  @Test
  void anErasureNoticeThatOvertakesTheWritesAnswerKeepsTheKeyOut() throws Exception {
    SealingKey sealing = keys.keyForSealing(customer);
    storedByTheWrite(sealing.toStore());
    // Another node erases the customer (every key row, this one too) and its notice arrives here
    // before the answer to the write that stored the key.
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE customer_key SET key = NULL, erased_at = now() WHERE customer_id = ?")) {
      s.setString(1, customer);
      s.executeUpdate();
    }
    keys.forget(customer);
    keys.stored(sealing.toStore(), sealing.erasuresSeen());

    assertEquals(Optional.empty(), read(sealing.keyId()), "the erased key is not readable here");
    SealingKey next = keys.keyForSealing(customer);
    assertNotEquals(sealing.keyId(), next.keyId(), "new data is never sealed with an erased key");
    assertNotNull(next.toStore());
  }

  @Test
  void anErasureOnThisNodeBeforeTheWritesAnswerKeepsTheKeyOut() throws Exception {
    SealingKey sealing = keys.keyForSealing(customer);
    storedByTheWrite(sealing.toStore());
    keys.erase(customer).toCompletableFuture().get(10, TimeUnit.SECONDS);
    keys.stored(sealing.toStore(), sealing.erasuresSeen());

    assertEquals(Optional.empty(), read(sealing.keyId()));
    assertNotEquals(sealing.keyId(), keys.keyForSealing(customer).keyId());
  }

  @Test
  void anErasureOfAnotherCustomerDoesNotStopLearning() throws Exception {
    SealingKey sealing = keys.keyForSealing(customer);
    storedByTheWrite(sealing.toStore());
    keys.forget("someone-else");
    keys.stored(sealing.toStore(), sealing.erasuresSeen());
    assertEquals(sealing.keyId(), keys.keyForSealing(customer).keyId());
  }
}
