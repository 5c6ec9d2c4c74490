package com.reservation.engine.privacy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The per-customer contact keys ({@code customer_key}), read through a per-node cache. Only
 * customers who gave contact data ever get a key, so a booking without contact data never comes
 * here.
 *
 * <p>Sealing never waits for the database: a node seals with a key it knows is stored, or makes a
 * new one that travels with the command and is stored in the same statement as the event recording
 * the data (so a customer may hold several keys, one per node that first sealed their data; a
 * refused request stores nothing). Reading loads the customer's keys once and keeps them.
 *
 * <p>The cache holds what this node knows for {@code cacheFor}: an erasure clears this node's entry
 * at once, other nodes' entries when its broadcast arrives ({@link KeyErasures}) and at the latest
 * within {@code cacheFor} (docs/decisions/0011-erasure.md says what that window means).
 *
 * <p>Fenced against a late learn: a write that stored a new key may be answered after the
 * customer's erasure reached this node (the key's row was erased with the others, or the erasure
 * notice overtook the answer). Each erasure this node sees gets a number; a new key is learnt only
 * if no erasure of its customer was numbered after the key was chosen, so an erased key never comes
 * back into the cache, to be read or to seal new data with.
 */
public final class CustomerKeys {
  /**
   * A customer's keys as this node knows them: {@code complete} when read from the table (a key id
   * missing from it is erased or was never stored), partial when they are only the keys this node
   * stored since.
   */
  private record KeyRing(Map<Long, byte[]> keys, boolean complete) {
    static final KeyRing NONE_KNOWN = new KeyRing(Map.of(), false);

    KeyRing with(long keyId, byte[] key) {
      Map<Long, byte[]> more = new HashMap<>(keys);
      more.put(keyId, key);
      return new KeyRing(Map.copyOf(more), complete);
    }
  }

  /** Longer than any command's deadline: a write's answer never arrives later than this. */
  private static final Duration LATE_ANSWERS_FOR = Duration.ofMinutes(5);

  private final DataSource dataSource;
  private final Executor executor;
  private final AsyncCache<String, KeyRing> cache;

  /** Erasures this node has seen (its own and other nodes' notices), to number them. */
  private final AtomicLong erasuresSeen = new AtomicLong();

  /**
   * The number of the last erasure seen per customer, kept well past the longest a write's answer
   * can take (its deadline), so a late learn of a key chosen before it is always refused.
   */
  private final Cache<String, Long> lastErasure;

  public CustomerKeys(DataSource dataSource, Executor executor, Duration cacheFor) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.lastErasure =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(
                LATE_ANSWERS_FOR.compareTo(cacheFor) > 0 ? LATE_ANSWERS_FOR : cacheFor)
            .build();
    this.cache =
        Caffeine.newBuilder()
            .executor(executor)
            .maximumSize(100_000)
            .expireAfterWrite(cacheFor)
            .buildAsync();
  }

  /**
   * A key to seal the customer's new contact data with, at once: one this node knows is stored, or
   * a new one to store with the data ({@link SealingKey#toStore()}). Contact data given after an
   * erasure is new data under a new key.
   */
  SealingKey keyForSealing(String customerId) {
    long seen = erasuresSeen.get();
    KeyRing ring = known(customerId);
    if (ring != null) {
      for (Map.Entry<Long, byte[]> key : ring.keys().entrySet()) {
        return new SealingKey(key.getKey(), key.getValue(), null, seen);
      }
    }
    long keyId = ContactCipher.newKeyId();
    byte[] key = ContactCipher.newKey();
    return new SealingKey(keyId, key, new CustomerKeyRow(customerId, keyId, key), seen);
  }

  /**
   * A new key is stored (the write that carried it succeeded): seal with it from now on, unless the
   * customer was erased since the key was chosen ({@code erasuresSeenThen}).
   */
  void stored(CustomerKeyRow row, long erasuresSeenThen) {
    cache
        .asMap()
        .compute(
            row.customerId(),
            (id, current) -> {
              Long erased = lastErasure.getIfPresent(id);
              if (erased != null && erased > erasuresSeenThen) return current;
              KeyRing base =
                  current != null && current.isDone() && !current.isCompletedExceptionally()
                      ? current.join()
                      : KeyRing.NONE_KNOWN;
              return CompletableFuture.completedFuture(base.with(row.keyId(), row.key()));
            });
  }

  /** The customer's key {@code keyId}, or empty when there is none (never stored, or erased). */
  CompletionStage<Optional<byte[]>> keyForReading(String customerId, long keyId) {
    return cache
        .get(customerId, (id, ignored) -> CompletableFuture.supplyAsync(() -> load(id), executor))
        .thenCompose(
            ring -> {
              byte[] key = ring.keys().get(keyId);
              if (key != null || ring.complete())
                return CompletableFuture.completedFuture(Optional.ofNullable(key));
              // Known only partly (this node stored some of the customer's keys): read them all.
              CompletableFuture<KeyRing> loaded =
                  CompletableFuture.supplyAsync(() -> load(customerId), executor);
              cache.put(customerId, loaded);
              return loaded.thenApply(all -> Optional.ofNullable(all.keys().get(keyId)));
            });
  }

  /**
   * Deletes every key of the customer: true when there was one. Idempotent; an unknown customer has
   * nothing to delete. The rows stay (key NULL, {@code erased_at} set) as the record that an
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
                      return s.executeUpdate() > 0;
                    }
                  });
          forget(customerId);
          return deleted;
        },
        executor);
  }

  /**
   * Drops what this node knows of the customer's keys (another node erased them: {@link
   * KeyErasures}).
   */
  public void forget(String customerId) {
    // Numbered first, then dropped: a learn between the two is refused or dropped with the entry.
    lastErasure.put(customerId, erasuresSeen.incrementAndGet());
    cache.synchronous().invalidate(customerId);
  }

  /** The customer's ring if this node knows it already (no database work). */
  private KeyRing known(String customerId) {
    CompletableFuture<KeyRing> known = cache.getIfPresent(customerId);
    if (known == null || !known.isDone() || known.isCompletedExceptionally()) return null;
    return known.join();
  }

  private KeyRing load(String customerId) {
    return Jdbc.withConnection(
        dataSource,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT key_id, key FROM customer_key WHERE customer_id = ? AND key IS NOT NULL")) {
            s.setString(1, customerId);
            Map<Long, byte[]> keys = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) keys.put(rs.getLong(1), rs.getBytes(2));
            }
            return new KeyRing(Map.copyOf(keys), true);
          }
        });
  }
}
