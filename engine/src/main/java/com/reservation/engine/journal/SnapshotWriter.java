package com.reservation.engine.journal;

import akka.serialization.Serialization;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots into akka-persistence-jdbc's {@code snapshot} table, off the entity's path: the
 * entity hands over an immutable state and goes on; building, serializing and storing the snapshot
 * happen here. Akka's snapshot store plugin reads them back at recovery (same table, same
 * serialization). Keeps the newest two per entity.
 *
 * <p>At most one snapshot per entity is in flight: when the next one is due before the last is
 * stored, it is skipped (the following one covers it). A failed snapshot is logged and costs only a
 * longer replay.
 */
public final class SnapshotWriter {
  private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);

  private static final String UPSERT =
      "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot_ser_id, snapshot_ser_manifest,"
          + " snapshot_payload) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET created = EXCLUDED.created,"
          + " snapshot_ser_id = EXCLUDED.snapshot_ser_id, snapshot_ser_manifest = EXCLUDED.snapshot_ser_manifest,"
          + " snapshot_payload = EXCLUDED.snapshot_payload";

  /** Everything older than the newest snapshot before this one. */
  private static final String PRUNE =
      "DELETE FROM snapshot WHERE persistence_id = ? AND sequence_number < ("
          + "SELECT max(sequence_number) FROM snapshot WHERE persistence_id = ? AND sequence_number < ?)";

  private final DataSource dataSource;
  private final Executor executor;
  private final Serialization serialization;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  public SnapshotWriter(DataSource dataSource, Executor executor, Serialization serialization) {
    this.dataSource = dataSource;
    this.executor = executor;
    this.serialization = serialization;
  }

  /**
   * Stores the snapshot {@code snapshot} builds (called off the caller's thread), taken after event
   * {@code sequenceNr}; returns false when it was skipped because one of this entity is still being
   * stored.
   */
  public boolean save(String persistenceId, long sequenceNr, Supplier<Object> snapshot) {
    if (!inFlight.add(persistenceId)) return false;
    try {
      executor.execute(
          () -> {
            try {
              store(persistenceId, sequenceNr, snapshot.get());
            } catch (Exception e) {
              log.warn(
                  "Snapshot of {} at {} not stored: {}", persistenceId, sequenceNr, e.toString());
            } finally {
              inFlight.remove(persistenceId);
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      inFlight.remove(persistenceId);
      return false;
    }
  }

  /**
   * Stores the snapshot {@code snapshot} builds now (off the caller's thread), whatever else is in
   * flight for this entity; the stage completes when it is stored, exceptionally when it is not.
   */
  public CompletableFuture<Void> saveNow(
      String persistenceId, long sequenceNr, Supplier<Object> snapshot) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            store(persistenceId, sequenceNr, snapshot.get());
          } catch (SQLException e) {
            throw new JournalReads.JournalException("storing a snapshot of " + persistenceId, e);
          }
        },
        executor);
  }

  private void store(String persistenceId, long sequenceNr, Object snapshot) throws SQLException {
    Serializer serializer = serialization.findSerializerFor(snapshot);
    byte[] bytes = serializer.toBinary(snapshot);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s = c.prepareStatement(UPSERT)) {
        s.setString(1, persistenceId);
        s.setLong(2, sequenceNr);
        s.setLong(3, System.currentTimeMillis());
        s.setInt(4, serializer.identifier());
        s.setString(5, Serializers.manifestFor(serializer, snapshot));
        s.setBytes(6, bytes);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement(PRUNE)) {
        s.setString(1, persistenceId);
        s.setString(2, persistenceId);
        s.setLong(3, sequenceNr);
        s.executeUpdate();
      }
    }
  }
}
