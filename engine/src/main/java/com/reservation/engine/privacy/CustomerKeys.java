package com.reservation.engine.privacy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The per-customer contact keys ({@code customer_key}), read through a per-node cache. Only
 * customers who gave contact data ever get a key, so a booking without contact data never comes
 * here.
 *
 * <p>The cache holds keys and known absences for {@code cacheFor}: an erasure clears this node's
 * entry at once, other nodes' entries when its broadcast arrives ({@link KeyErasures}) and at the
 * latest within {@code cacheFor} (docs/decisions/0011-erasure.md says what that window means).
 */
public final class CustomerKeys {
  private final DataSource dataSource;
  private final Executor executor;
  private final AsyncCache<String, Optional<byte[]>> cache;
  private final NewKeyWriter newKeys;

  public CustomerKeys(DataSource dataSource, Executor executor, Duration cacheFor) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.newKeys = new NewKeyWriter(dataSource, executor, 1000);
    this.cache =
        Caffeine.newBuilder()
            .executor(executor)
            .maximumSize(100_000)
            .expireAfterWrite(cacheFor)
            .buildAsync();
  }

  /**
   * The customer's key, made now if there is none (or none any more: contact data given after an
   * erasure is new data under a new key). Concurrent first bookings on several nodes agree on one
   * key: the first insert wins.
   */
  public CompletionStage<byte[]> keyForWriting(String customerId) {
    CompletableFuture<Optional<byte[]>> known = cache.getIfPresent(customerId);
    if (known != null
        && known.isDone()
        && !known.isCompletedExceptionally()
        && known.join().isPresent()) {
      return CompletableFuture.completedFuture(known.join().get());
    }
    // In a burst most customers are new: their keys are written many to a statement (NewKeyWriter).
    CompletionStage<byte[]> made = newKeys.keyFor(customerId);
    return made.thenApply(
        key -> {
          cache.put(customerId, CompletableFuture.completedFuture(Optional.of(key)));
          return key;
        });
  }

  /** The customer's key, or empty when there is none (never given, or erased). */
  public CompletionStage<Optional<byte[]>> keyForReading(String customerId) {
    return cache.get(
        customerId, (id, ignored) -> CompletableFuture.supplyAsync(() -> load(id), executor));
  }

  /**
   * Deletes the customer's key: true when there was one. Idempotent; an unknown customer has
   * nothing to delete. The row stays (key NULL, {@code erased_at} set) as the record that an
   * erasure happened.
   */
  public CompletionStage<Boolean> erase(String customerId) {
    return CompletableFuture.supplyAsync(
        () -> {
          boolean deleted =
              Jdbc.withConnection(
                  dataSource,
                  c -> {
                    try (PreparedStatement s =
                        c.prepareStatement(
                            "UPDATE customer_key SET key = NULL, erased_at = now()"
                                + " WHERE customer_id = ? AND key IS NOT NULL")) {
                      s.setString(1, customerId);
                      return s.executeUpdate() == 1;
                    }
                  });
          cache.synchronous().invalidate(customerId);
          return deleted;
        },
        executor);
  }

  /** Drops this node's cached key (another node erased it: {@link KeyErasures}). */
  public void forget(String customerId) {
    cache.synchronous().invalidate(customerId);
  }

  private Optional<byte[]> load(String customerId) {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT key FROM customer_key WHERE customer_id = ?")) {
            s.setString(1, customerId);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
          }
        });
  }
}
