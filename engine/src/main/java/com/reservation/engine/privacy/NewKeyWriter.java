package com.reservation.engine.privacy;

import com.reservation.engine.store.Jdbc;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Makes customers' first keys durable in batches: one statement for every customer whose first
 * contact data arrived while the previous statement ran (group commit, as the journal does for
 * bookings). In a burst every booking may be a new customer; a key written one statement each would
 * cost PostgreSQL a transaction per booking, more than the booking itself. Concurrent requests for
 * one customer share one answer; customers on several nodes agree on one key (the first insert
 * wins).
 */
final class NewKeyWriter {
  private static final String INSERT =
      "INSERT INTO customer_key(customer_id, key)"
          + " SELECT id, decode(k, 'hex') FROM unnest(?::text[], ?::text[]) AS t(id, k)"
          + " ON CONFLICT (customer_id) DO UPDATE SET key = COALESCE(customer_key.key, EXCLUDED.key)"
          + " RETURNING customer_id, key";
  private static final HexFormat HEX = HexFormat.of();

  private record Request(String customerId, CompletableFuture<byte[]> key) {}

  private final DataSource dataSource;
  private final Executor executor;
  private final int maxPerStatement;
  private final ConcurrentLinkedQueue<Request> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  NewKeyWriter(DataSource dataSource, Executor executor, int maxPerStatement) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.maxPerStatement = maxPerStatement;
  }

  /**
   * The customer's key as stored: made now unless one exists (an erased customer gets a new one).
   */
  CompletionStage<byte[]> keyFor(String customerId) {
    CompletableFuture<byte[]> key = new CompletableFuture<>();
    pending.add(new Request(customerId, key));
    writeIfIdle();
    return key;
  }

  private void writeIfIdle() {
    if (pending.isEmpty() || !writing.compareAndSet(false, true)) return;
    Map<String, List<CompletableFuture<byte[]>>> batch = new LinkedHashMap<>();
    for (Request r; batch.size() < maxPerStatement && (r = pending.poll()) != null; ) {
      batch.computeIfAbsent(r.customerId(), id -> new ArrayList<>(1)).add(r.key());
    }
    CompletableFuture<Void> written;
    try {
      written = CompletableFuture.runAsync(() -> write(batch), executor);
    } catch (RuntimeException refused) {
      // The JDBC executor is full (overload): these callers are refused, the next request tries
      // again.
      written = CompletableFuture.failedFuture(refused);
    }
    written.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            for (List<CompletableFuture<byte[]>> waiting : batch.values()) {
              for (CompletableFuture<byte[]> f : waiting) f.completeExceptionally(failure);
            }
          }
          writing.set(false);
          // Requests that arrived while this statement ran form the next batch.
          writeIfIdle();
        });
  }

  private void write(Map<String, List<CompletableFuture<byte[]>>> batch) {
    String[] ids = batch.keySet().toArray(String[]::new);
    String[] keys = new String[ids.length];
    for (int i = 0; i < ids.length; i++) keys[i] = HEX.formatHex(ContactCipher.newKey());
    Map<String, byte[]> stored =
        Jdbc.withConnection(
            dataSource,
            c -> {
              Map<String, byte[]> found = new LinkedHashMap<>();
              Array idArray = c.createArrayOf("text", ids);
              Array keyArray = c.createArrayOf("text", keys);
              try (PreparedStatement s = c.prepareStatement(INSERT)) {
                s.setArray(1, idArray);
                s.setArray(2, keyArray);
                try (ResultSet rs = s.executeQuery()) {
                  while (rs.next()) found.put(rs.getString(1), rs.getBytes(2));
                }
              } finally {
                idArray.free();
                keyArray.free();
              }
              return found;
            });
    for (Map.Entry<String, List<CompletableFuture<byte[]>>> e : batch.entrySet()) {
      byte[] key = stored.get(e.getKey());
      for (CompletableFuture<byte[]> f : e.getValue()) {
        if (key != null) f.complete(key);
        else f.completeExceptionally(new IllegalStateException("no key stored for a customer"));
      }
    }
  }
}
