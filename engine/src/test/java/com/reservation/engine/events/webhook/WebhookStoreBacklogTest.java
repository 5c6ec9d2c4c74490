package com.reservation.engine.events.webhook;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.events.model.EventType;
import com.reservation.engine.events.webhook.WebhookStore.Trimmed;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backlog bounds in SQL on a real PostgreSQL: what {@link WebhookStore#trim} and {@link
 * WebhookStore#abandon} move to the dead letter (and in which order, with which reason), what the
 * status counts, and how the dead letters are bounded themselves.
 */
class WebhookStoreBacklogTest {
  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static HikariDataSource dataSource;
  private static WebhookStore store;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dataSource =
        Database.pool(new DatabaseSettings(db.url(), db.user(), db.password(), 2), "webhook-test");
    SchemaMigration.migrate(dataSource);
    store = new WebhookStore(dataSource, Runnable::run);
  }

  @AfterAll
  static void stop() throws Exception {
    if (dataSource != null) dataSource.close();
    if (db != null) db.close();
  }

  private static void register(String webhookId) {
    store
        .put(
            new Webhook(
                webhookId,
                URI.create("https://example.org/h"),
                "a-secret-of-sixteen",
                List.of(EventType.values()),
                null))
        .toCompletableFuture()
        .join();
  }

  /** Adds a pending delivery made at {@code createdAt}; answers its id. */
  private static long pending(String webhookId, String eventId, Instant createdAt)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO webhook_delivery (webhook_id, event_id, event_type, body, created_at)"
                    + " VALUES (?, ?, 'booking.confirmed', ?, ?) RETURNING delivery_id")) {
      s.setString(1, webhookId);
      s.setString(2, eventId);
      s.setBytes(3, ("{\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8));
      s.setTimestamp(4, Timestamp.from(createdAt));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Event ids, with reasons and attempts, of the webhook's dead letters in outbox order. */
  private static List<String> deadLetters(String webhookId) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event_id, reason, attempts, convert_from(body, 'UTF8') FROM webhook_dead_letter"
                    + " WHERE webhook_id = ? ORDER BY delivery_id")) {
      s.setString(1, webhookId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          assertEquals("{\"id\":\"" + rs.getString(1) + "\"}", rs.getString(4), "exact body");
          rows.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3));
        }
      }
    }
    return rows;
  }

  private static WebhookStatus status(String webhookId) {
    return store.find(webhookId).toCompletableFuture().join().orElseThrow();
  }

  @Test
  void trimMovesTheTooOldThenTheOldestBeyondTheCountAndCountsThem() throws Exception {
    register("trim");
    Instant now = Instant.now();
    for (int i = 0; i < 10; i++)
      pending("trim", "e" + i, i < 3 ? now.minus(Duration.ofMinutes(10)) : now);

    Trimmed moved = store.trim("trim", now.minus(Duration.ofMinutes(5)), 4, false, now, 100);

    assertEquals(new Trimmed(3, 3), moved);
    assertEquals(
        List.of(
            "e0/retry-for/0",
            "e1/retry-for/0",
            "e2/retry-for/0",
            "e3/max-pending/0",
            "e4/max-pending/0",
            "e5/max-pending/0"),
        deadLetters("trim"));
    WebhookStatus status = status("trim");
    assertEquals(4, status.pending(), "the newest four stay");
    assertEquals(6, status.deadLettered());
    assertEquals(3, status.abandoned(), "the too old ones");
    assertEquals(
        new Trimmed(0, 0),
        store.trim("trim", now.minus(Duration.ofMinutes(5)), 4, false, now, 100),
        "within both bounds: nothing to move");
  }

  @Test
  void aDeliveryAbandonedAfterItsLastAttemptKeepsItsAttemptsAndTheError() throws Exception {
    register("abandon");
    long id = pending("abandon", "a0", Instant.now().minus(Duration.ofDays(2)));
    pending("abandon", "a1", Instant.now());

    assertTrue(store.abandon("abandon", id, 7, "abandoned a0 after 7 attempts: HTTP 500"));
    assertFalse(store.abandon("abandon", id, 7, "again"), "moved once");

    assertEquals(List.of("a0/retry-for/7"), deadLetters("abandon"));
    WebhookStatus status = status("abandon");
    assertEquals(1, status.pending());
    assertEquals(1, status.deadLettered());
    assertEquals(1, status.abandoned());
    assertEquals("abandoned a0 after 7 attempts: HTTP 500", status.lastError());
  }

  @Test
  void deadLettersAreBoundedByAgeAndCountAndGoWithTheirWebhook() throws Exception {
    register("prune");
    Instant now = Instant.now();
    for (int i = 0; i < 6; i++) pending("prune", "p" + i, now);
    store.trim("prune", now.minus(Duration.ofHours(1)), 1, false, now.minus(Duration.ofDays(7)), 4);
    assertEquals(4, deadLetters("prune").size(), "five moved, the newest four kept");
    assertEquals(5, status("prune").deadLettered(), "the count keeps every one");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE webhook_dead_letter SET dead_lettered_at = now() - interval '8 days'"
                    + " WHERE webhook_id = 'prune' AND event_id IN ('p1', 'p2')")) {
      s.executeUpdate();
    }

    store.trim("prune", now.minus(Duration.ofHours(1)), 1, true, now.minus(Duration.ofDays(7)), 4);

    assertEquals(List.of("p3/max-pending/0", "p4/max-pending/0"), deadLetters("prune"));
    store.delete("prune").toCompletableFuture().join();
    assertEquals(List.of(), deadLetters("prune"));
  }
}
