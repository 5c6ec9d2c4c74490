package com.reservation.engine.journal;

import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.privacy.keys.WithCustomerKeys;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Group commit across persistence ids: the writes that arrive while a flush is in flight wait here
 * and go to the database together, as one statement that inserts every journal row and its tag rows
 * (a data-modifying CTE: one round trip, one implicit transaction, one WAL flush), with the contact
 * keys those events brought ({@link WithCustomerKeys}). A hot slot already sends one row per batch
 * of bookings; this makes many slots written at once (a burst spread over a venue) share their
 * round trips too.
 *
 * <p>At most {@code maxConcurrent} flushes run at once, so one flush can be committing while the
 * next gathers. Each write is atomic; a flush is atomic too, so when it fails on a constraint (two
 * incarnations of one slot writing the same sequence number, which only a split brain can cause)
 * its writes are retried one by one and only the offending one fails. Any other failure fails every
 * write of the flush: their outcome is unknown to their callers.
 */
final class GroupCommitWriter {
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Journal rows, then tag rows: unnest keeps array order, WITH ORDINALITY + ORDER BY keeps it in
   * the insert.
   */
  private static final String INSERT =
      "WITH rows AS ("
          + "INSERT INTO event_journal (persistence_id, sequence_number, deleted, writer, write_timestamp,"
          + " adapter_manifest, event_ser_id, event_ser_manifest, event_payload, meta_ser_id, meta_ser_manifest,"
          + " meta_payload)"
          + " SELECT r.pid, r.seq, false, r.writer, r.ts, r.adapter, r.ser_id, r.ser_manifest, r.payload,"
          + " r.meta_id, r.meta_manifest, r.meta_payload"
          + " FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::bigint[], ?::varchar[], ?::int[], ?::varchar[],"
          + " ?::bytea[], ?::int[], ?::varchar[], ?::bytea[])"
          + " WITH ORDINALITY AS r(pid, seq, writer, ts, adapter, ser_id, ser_manifest, payload, meta_id,"
          + " meta_manifest, meta_payload, n)"
          + " ORDER BY r.n"
          + " RETURNING ordering, persistence_id, sequence_number),"
          // Contact keys that came with these events (a data-modifying CTE runs whether or not it
          // is referenced): durable together with the ciphertext they open, or not at all.
          + " customer_keys AS (INSERT INTO customer_key (customer_id, key_id, key)"
          + " SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::bytea[]))"
          + " INSERT INTO event_tag (event_id, tag)"
          + " SELECT rows.ordering, t.tag FROM rows"
          + " JOIN unnest(?::varchar[], ?::bigint[], ?::varchar[]) AS t(pid, seq, tag)"
          + " ON t.pid = rows.persistence_id AND t.seq = rows.sequence_number";

  private record Pending(
      List<JournalRow> rows, CompletableFuture<Void> done, long handedOverNanos) {}

  private final DataSource dataSource;
  private final JournalMetrics metrics;
  private final GroupedWork<Pending> work;
  private final LongAdder flushes = new LongAdder();

  GroupCommitWriter(
      DataSource dataSource,
      Executor executor,
      int maxConcurrent,
      int maxRows,
      JournalMetrics metrics) {
    this.dataSource = dataSource;
    this.metrics = metrics;
    this.work =
        new GroupedWork<>(
            executor,
            maxConcurrent,
            maxRows,
            pending -> pending.rows().size(),
            this::flush,
            (refused, cause) -> refused.forEach(p -> p.done.completeExceptionally(cause)));
  }

  /**
   * Completes when {@code rows} (one atomic write) are committed; fails when they are not (or may
   * not be).
   */
  CompletableFuture<Void> write(List<JournalRow> rows) {
    Pending pending = new Pending(rows, new CompletableFuture<>(), System.nanoTime());
    work.submit(pending);
    return pending.done;
  }

  /** Statements sent so far (for tests and metrics). */
  long flushes() {
    return flushes.sum();
  }

  private void flush(List<Pending> group) {
    flushes.increment();
    long start = System.nanoTime();
    try {
      insert(group);
      long end = flushed(group, start);
      for (Pending pending : group) {
        metrics.writeLatency().record(end - pending.handedOverNanos(), TimeUnit.NANOSECONDS);
        pending.done.complete(null);
      }
    } catch (SQLException e) {
      long end = flushed(group, start);
      if (group.size() > 1 && UNIQUE_VIOLATION.equals(e.getSQLState())) {
        for (Pending pending : group) flush(List.of(pending));
      } else {
        failed(group, e, end);
      }
    } catch (RuntimeException e) {
      failed(group, e, flushed(group, start));
    }
  }

  private long flushed(List<Pending> group, long start) {
    long end = System.nanoTime();
    int rows = 0;
    for (Pending pending : group) rows += pending.rows().size();
    metrics.flushRows().record(rows);
    metrics.flushDuration().record(end - start, TimeUnit.NANOSECONDS);
    return end;
  }

  private void failed(List<Pending> group, Exception cause, long end) {
    for (Pending pending : group) {
      metrics.writeLatency().record(end - pending.handedOverNanos(), TimeUnit.NANOSECONDS);
      pending.done.completeExceptionally(cause);
    }
  }

  private void insert(List<Pending> group) throws SQLException {
    List<JournalRow> rows = new ArrayList<>();
    for (Pending pending : group) rows.addAll(pending.rows());
    int n = rows.size();
    String[] pids = new String[n];
    Long[] seqs = new Long[n];
    String[] writers = new String[n];
    Long[] timestamps = new Long[n];
    String[] adapterManifests = new String[n];
    Integer[] serIds = new Integer[n];
    String[] serManifests = new String[n];
    byte[][] payloads = new byte[n][];
    Integer[] metaSerIds = new Integer[n];
    String[] metaManifests = new String[n];
    byte[][] metaPayloads = new byte[n][];
    List<String> tagPids = new ArrayList<>();
    List<Long> tagSeqs = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<String> keyCustomers = new ArrayList<>();
    List<Long> keyIds = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JournalRow row = rows.get(i);
      pids[i] = row.persistenceId();
      seqs[i] = row.sequenceNr();
      writers[i] = row.writerUuid();
      timestamps[i] = row.writeTimestamp();
      adapterManifests[i] = row.adapterManifest();
      serIds[i] = row.serId();
      serManifests[i] = row.serManifest();
      payloads[i] = row.payload();
      metaSerIds[i] = row.metaSerId();
      metaManifests[i] = row.metaSerManifest();
      metaPayloads[i] = row.metaPayload();
      for (String tag : row.tags()) {
        tagPids.add(row.persistenceId());
        tagSeqs.add(row.sequenceNr());
        tags.add(tag);
      }
      for (CustomerKeyRow key : row.customerKeys()) {
        keyCustomers.add(key.customerId());
        keyIds.add(key.keyId());
        keys.add(key.key());
      }
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(INSERT)) {
      List<Array> arrays =
          List.of(
              c.createArrayOf("varchar", pids),
              c.createArrayOf("int8", seqs),
              c.createArrayOf("varchar", writers),
              c.createArrayOf("int8", timestamps),
              c.createArrayOf("varchar", adapterManifests),
              c.createArrayOf("int4", serIds),
              c.createArrayOf("varchar", serManifests),
              c.createArrayOf("bytea", payloads),
              c.createArrayOf("int4", metaSerIds),
              c.createArrayOf("varchar", metaManifests),
              c.createArrayOf("bytea", metaPayloads),
              c.createArrayOf("varchar", keyCustomers.toArray(String[]::new)),
              c.createArrayOf("int8", keyIds.toArray(Long[]::new)),
              c.createArrayOf("bytea", keys.toArray(byte[][]::new)),
              c.createArrayOf("varchar", tagPids.toArray(String[]::new)),
              c.createArrayOf("int8", tagSeqs.toArray(Long[]::new)),
              c.createArrayOf("varchar", tags.toArray(String[]::new)));
      for (int i = 0; i < arrays.size(); i++) s.setArray(i + 1, arrays.get(i));
      s.executeUpdate();
    }
  }
}
