package com.reservation.engine.events.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.events.model.EventType;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook secrets at rest, on a real PostgreSQL: the table holds them sealed under the cluster's
 * key and bound to their webhook, every store (another node's too) reads them back, and secrets an
 * earlier version stored as they were are read and then sealed.
 */
class WebhookSecretsAtRestTest {
  private static final String SECRET = "correct-horse-battery-staple-42";

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dataSource =
        Database.pool(new DatabaseSettings(db.url(), db.user(), db.password(), 2), "secrets-test");
    SchemaMigration.migrate(dataSource);
  }

  @AfterAll
  static void stop() throws Exception {
    if (dataSource != null) dataSource.close();
    if (db != null) db.close();
  }

  private static Webhook webhook(String webhookId, String secret) {
    return new Webhook(
        webhookId, URI.create("https://example.org/h"), secret, List.of(EventType.values()), null);
  }

  private static String stored(String webhookId) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT secret FROM webhook WHERE webhook_id = ?")) {
      s.setString(1, webhookId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void storeRaw(String webhookId, String secret) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO webhook (webhook_id, url, secret, event_types) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (webhook_id) DO UPDATE SET secret = EXCLUDED.secret")) {
      s.setString(1, webhookId);
      s.setString(2, "https://example.org/h");
      s.setString(3, secret);
      s.setArray(4, c.createArrayOf("varchar", new String[] {"booking.confirmed"}));
      s.executeUpdate();
    }
  }

  private static String secretOf(WebhookStore store, String webhookId) {
    return store.all().stream()
        .filter(w -> w.webhookId().equals(webhookId))
        .findFirst()
        .orElseThrow()
        .secret();
  }

  @Test
  void theTableHoldsSecretsSealedAndEveryNodeReadsThem() throws Exception {
    WebhookStore thisNode = new WebhookStore(dataSource, Runnable::run);
    thisNode.put(webhook("sealed", SECRET)).toCompletableFuture().join();

    String atRest = stored("sealed");
    assertTrue(atRest.startsWith("s1:"), atRest);
    assertFalse(atRest.contains(SECRET));
    // A store that has not seen the key yet (another node) opens it with the key in the database.
    assertEquals(SECRET, secretOf(new WebhookStore(dataSource, Runnable::run), "sealed"));
    // Two puts of the same secret store two different texts (a fresh nonce each).
    thisNode.put(webhook("sealed", SECRET)).toCompletableFuture().join();
    assertFalse(stored("sealed").equals(atRest));
  }

  @Test
  void aSealedSecretMovedToAnotherWebhookDoesNotOpen() throws Exception {
    WebhookStore store = new WebhookStore(dataSource, Runnable::run);
    store.put(webhook("original", SECRET)).toCompletableFuture().join();
    storeRaw("thief", stored("original"));

    CompletionException refused =
        assertThrows(
            CompletionException.class, () -> store.find("thief").toCompletableFuture().join());
    assertFalse(String.valueOf(refused.getCause().getMessage()).contains(SECRET));
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().execute("DELETE FROM webhook WHERE webhook_id = 'thief'");
    }
  }

  @Test
  void secretsStoredBeforeSealingAreReadThenSealedOnce() throws Exception {
    storeRaw("earlier", SECRET);
    WebhookStore store = new WebhookStore(dataSource, Runnable::run);
    assertEquals(SECRET, secretOf(store, "earlier"), "read as it was stored");

    assertTrue(store.sealPlaintext() >= 1);
    assertTrue(stored("earlier").startsWith("s1:"));
    assertEquals(SECRET, secretOf(store, "earlier"));
    assertEquals(0, store.sealPlaintext(), "nothing left to seal");
  }
}
