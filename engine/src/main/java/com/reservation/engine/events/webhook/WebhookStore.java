package com.reservation.engine.events.webhook;

import com.reservation.engine.events.model.EventType;
import com.reservation.engine.store.Jdbc;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Webhook registrations and their outbox rows, in PostgreSQL. The admin operations are asynchronous
 * (on the JDBC executor); the delivery workers' operations block and are run by the workers on that
 * executor.
 */
public final class WebhookStore {
  /** What a PUT did. */
  public enum Change {
    CREATED,
    UPDATED
  }

  /** One due delivery, as a worker sends it. */
  public record Delivery(
      long deliveryId,
      String eventId,
      byte[] body,
      int attempts,
      Instant createdAt,
      Instant notBefore) {}

  private static final String UPSERT =
      "INSERT INTO webhook (webhook_id, url, secret, event_types, venue_id) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (webhook_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret,"
          + " event_types = EXCLUDED.event_types, venue_id = EXCLUDED.venue_id, updated_at = now()"
          + " RETURNING (xmax = 0)";
  private static final String STATUS =
      "SELECT w.webhook_id, w.url, w.secret, w.event_types, w.venue_id, w.last_delivered_at, w.last_error,"
          + " w.last_error_at, w.abandoned, (SELECT count(*) FROM webhook_delivery d WHERE d.webhook_id = w.webhook_id),"
          + " w.dead_lettered"
          + " FROM webhook w WHERE w.webhook_id = ?";
  private static final String ALL =
      "SELECT webhook_id, url, secret, event_types, venue_id FROM webhook";

  private final DataSource dataSource;
  private final Executor executor;
  private final SecretSeal seal = new SecretSeal();

  public WebhookStore(DataSource dataSource, Executor executor) {
    this.dataSource = dataSource;
    this.executor = executor;
  }

  public CompletionStage<Change> put(Webhook webhook) {
    return async(
        () ->
            Jdbc.withConnection(
                dataSource,
                c -> {
                  try (PreparedStatement s = c.prepareStatement(UPSERT)) {
                    s.setString(1, webhook.webhookId());
                    s.setString(2, webhook.url().toString());
                    s.setString(3, seal.seal(c, webhook.webhookId(), webhook.secret()));
                    s.setArray(4, types(c, webhook.events()));
                    s.setString(5, webhook.venueId());
                    try (ResultSet rs = s.executeQuery()) {
                      rs.next();
                      return rs.getBoolean(1) ? Change.CREATED : Change.UPDATED;
                    }
                  }
                }));
  }

  public CompletionStage<Optional<WebhookStatus>> find(String webhookId) {
    return async(() -> Jdbc.withConnection(dataSource, c -> status(c, webhookId)));
  }

  /** Deletes the webhook and its pending deliveries; answers what it was. */
  public CompletionStage<Optional<WebhookStatus>> delete(String webhookId) {
    return async(
        () ->
            Jdbc.inTransaction(
                dataSource,
                c -> {
                  Optional<WebhookStatus> before = status(c, webhookId);
                  try (PreparedStatement s =
                      c.prepareStatement("DELETE FROM webhook WHERE webhook_id = ?")) {
                    s.setString(1, webhookId);
                    s.executeUpdate();
                  }
                  return before;
                }));
  }

  /** Every registration (blocking; the workers partition them). */
  public List<Webhook> all() {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          List<Webhook> webhooks = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(ALL);
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) webhooks.add(webhook(c, rs));
          }
          return webhooks;
        });
  }

  /** The webhook's oldest undelivered deliveries, in order (blocking). */
  public List<Delivery> next(String webhookId, int limit) {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT delivery_id, event_id, body, attempts, created_at, next_attempt_at FROM webhook_delivery"
                      + " WHERE webhook_id = ? ORDER BY delivery_id LIMIT ?")) {
            s.setString(1, webhookId);
            s.setInt(2, limit);
            List<Delivery> due = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                due.add(
                    new Delivery(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getBytes(3),
                        rs.getInt(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant()));
              }
            }
            return due;
          }
        });
  }

  /** The receiver acknowledged these deliveries (blocking). */
  public void delivered(String webhookId, List<Long> deliveryIds) {
    if (deliveryIds.isEmpty()) return;
    Jdbc.inTransaction(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM webhook_delivery WHERE delivery_id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("int8", deliveryIds.toArray(Long[]::new)));
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE webhook SET last_delivered_at = now() WHERE webhook_id = ?")) {
            s.setString(1, webhookId);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** An attempt failed; the next one is due at {@code notBefore} (blocking). */
  public void failed(
      String webhookId, long deliveryId, int attempts, Instant notBefore, String error) {
    Jdbc.inTransaction(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE webhook_delivery SET attempts = ?, next_attempt_at = ? WHERE delivery_id = ?")) {
            s.setInt(1, attempts);
            s.setTimestamp(2, Timestamp.from(notBefore));
            s.setLong(3, deliveryId);
            s.executeUpdate();
          }
          recordError(c, webhookId, error);
          return null;
        });
  }

  /**
   * The retry period of this delivery is over after a failed attempt: it moves to the dead letter
   * (reason {@code retry-for}) and is counted as abandoned (blocking). Answers whether it moved (a
   * webhook deleted meanwhile took it along).
   */
  public boolean abandon(String webhookId, long deliveryId, int attempts, String error) {
    return Jdbc.inTransaction(
        dataSource,
        c -> {
          int moved;
          try (PreparedStatement s =
              c.prepareStatement(move("delivery_id = ?", "GREATEST(attempts, ?)"))) {
            s.setLong(1, deliveryId);
            s.setInt(2, attempts);
            s.setString(3, TOO_OLD);
            moved = s.executeUpdate();
          }
          if (moved == 0) return false; // gone with its webhook
          count(c, webhookId, moved, moved);
          recordError(c, webhookId, error);
          return true;
        });
  }

  /**
   * Bounds the webhook's backlog (blocking): pending deliveries older than {@code tooOld}, then
   * beyond the newest {@code maxPending}, move to the dead letter; with {@code prune}, dead letters
   * older than {@code keepSince} or beyond the newest {@code deadLetterMax} are deleted. One
   * transaction, so a delivery is either pending or a dead letter, never lost between the two. The
   * caller runs it only while it sends nothing for this webhook.
   */
  public Trimmed trim(
      String webhookId,
      Instant tooOld,
      int maxPending,
      boolean prune,
      Instant keepSince,
      int deadLetterMax) {
    return Jdbc.inTransaction(
        dataSource,
        c -> {
          long byAge = 0;
          // Cheap check first (the head is the oldest): the move itself reads the whole backlog.
          if (oldestPending(c, webhookId).filter(t -> t.isBefore(tooOld)).isPresent()) {
            try (PreparedStatement s =
                c.prepareStatement(move("webhook_id = ? AND created_at < ?", "attempts"))) {
              s.setString(1, webhookId);
              s.setTimestamp(2, Timestamp.from(tooOld));
              s.setString(3, TOO_OLD);
              byAge = s.executeUpdate();
            }
          }
          long byCount;
          try (PreparedStatement s =
              c.prepareStatement(
                  move(
                      "webhook_id = ? AND delivery_id <= (SELECT delivery_id FROM webhook_delivery"
                          + " WHERE webhook_id = ? ORDER BY delivery_id DESC OFFSET ? LIMIT 1)",
                      "attempts"))) {
            s.setString(1, webhookId);
            s.setString(2, webhookId);
            s.setInt(3, maxPending);
            s.setString(4, TOO_MANY);
            byCount = s.executeUpdate();
          }
          count(c, webhookId, byAge + byCount, byAge);
          if (prune || byAge + byCount > 0) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "DELETE FROM webhook_dead_letter WHERE webhook_id = ? AND (dead_lettered_at < ?"
                        + " OR delivery_id <= (SELECT delivery_id FROM webhook_dead_letter"
                        + " WHERE webhook_id = ? ORDER BY delivery_id DESC OFFSET ? LIMIT 1))")) {
              s.setString(1, webhookId);
              s.setTimestamp(2, Timestamp.from(keepSince));
              s.setString(3, webhookId);
              s.setInt(4, deadLetterMax);
              s.executeUpdate();
            }
          }
          return new Trimmed(byCount, byAge);
        });
  }

  /** Why a delivery became a dead letter: too many newer ones pending, or too old. */
  public static final String TOO_MANY = "max-pending";

  public static final String TOO_OLD = "retry-for";

  /** What {@link #trim} moved to the dead letter. */
  public record Trimmed(long byCount, long byAge) {}

  /**
   * Moves the outbox rows matching {@code condition} into the dead letter with {@code attempts} (an
   * expression over the row) and a reason (the last parameter); counts the rows moved.
   */
  private static String move(String condition, String attempts) {
    return "WITH moved AS (DELETE FROM webhook_delivery WHERE "
        + condition
        + " RETURNING delivery_id, webhook_id, event_id, event_type, body, created_at, "
        + attempts
        + " AS attempts) INSERT INTO webhook_dead_letter"
        + " (delivery_id, webhook_id, event_id, event_type, body, created_at, attempts, reason)"
        + " SELECT delivery_id, webhook_id, event_id, event_type, body, created_at, attempts, ?"
        + " FROM moved ON CONFLICT (delivery_id) DO NOTHING";
  }

  private static Optional<Instant> oldestPending(Connection c, String webhookId)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT created_at FROM webhook_delivery WHERE webhook_id = ? ORDER BY delivery_id LIMIT 1")) {
      s.setString(1, webhookId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }

  private static void count(Connection c, String webhookId, long deadLettered, long abandoned)
      throws SQLException {
    if (deadLettered == 0) return;
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE webhook SET dead_lettered = dead_lettered + ?, abandoned = abandoned + ? WHERE webhook_id = ?")) {
      s.setLong(1, deadLettered);
      s.setLong(2, abandoned);
      s.setString(3, webhookId);
      s.executeUpdate();
    }
  }

  private static void recordError(Connection c, String webhookId, String error)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE webhook SET last_error = ?, last_error_at = now() WHERE webhook_id = ?")) {
      s.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
      s.setString(2, webhookId);
      s.executeUpdate();
    }
  }

  private Optional<WebhookStatus> status(Connection c, String webhookId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(STATUS)) {
      s.setString(1, webhookId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(
            new WebhookStatus(
                webhook(c, rs),
                rs.getLong(10),
                instant(rs.getTimestamp(6)),
                rs.getString(7),
                instant(rs.getTimestamp(8)),
                rs.getLong(9),
                rs.getLong(11)));
      }
    }
  }

  private Webhook webhook(Connection c, ResultSet rs) throws SQLException {
    List<EventType> events = new ArrayList<>();
    for (String name : (String[]) rs.getArray(4).getArray())
      EventType.fromWireName(name).ifPresent(events::add);
    String webhookId = rs.getString(1);
    return new Webhook(
        webhookId,
        URI.create(rs.getString(2)),
        seal.open(c, webhookId, rs.getString(3)),
        events,
        rs.getString(5));
  }

  /**
   * Seals the secrets an earlier version stored as they were (blocking; run once as the node
   * starts, idempotent, safe on several nodes at once): returns how many it sealed.
   */
  public int sealPlaintext() {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          List<String[]> plain = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT webhook_id, secret FROM webhook WHERE secret NOT LIKE 's1:%'");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) plain.add(new String[] {rs.getString(1), rs.getString(2)});
          }
          int count = 0;
          for (String[] row : plain) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE webhook SET secret = ? WHERE webhook_id = ? AND secret = ?")) {
              s.setString(1, seal.seal(c, row[0], row[1]));
              s.setString(2, row[0]);
              s.setString(3, row[1]);
              count += s.executeUpdate();
            }
          }
          return count;
        });
  }

  private static Array types(Connection c, List<EventType> events) throws SQLException {
    return c.createArrayOf(
        "varchar", events.stream().map(EventType::wireName).toArray(String[]::new));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private <T> CompletionStage<T> async(Supplier<T> body) {
    return CompletableFuture.supplyAsync(body, executor);
  }
}
