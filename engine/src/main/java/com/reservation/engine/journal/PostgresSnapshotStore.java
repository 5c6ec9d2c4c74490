package com.reservation.engine.journal;

import akka.actor.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.persistence.SelectedSnapshot;
import akka.persistence.SnapshotMetadata;
import akka.persistence.SnapshotSelectionCriteria;
import akka.persistence.snapshot.japi.SnapshotStore;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.reservation.engine.metrics.EngineMetrics;
import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import scala.Option;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The snapshot store plugin: akka-persistence-jdbc's {@code snapshot} table, read our way.
 *
 * <p>Why our own: every entity that starts (a slot woken by a burst, a customer's allowance the
 * first time the customer books) loads its snapshot and then asks the journal for its highest
 * sequence number: two round trips, the first through Slick. In a burst over many slots, or of many
 * new customers, those recoveries come by the thousand a second. Here the loads that arrive while
 * one statement is in flight go together in the next, and that statement also reads each entity's
 * highest sequence number, which the journal then answers from memory ({@link RecoveryPrefetch}): a
 * recovery with nothing to replay costs a share of one round trip instead of two of its own.
 *
 * <p>Snapshots are stored as akka-persistence-jdbc stores them (same columns, same serialization),
 * so either plugin reads what the other wrote. The slots write theirs off their path through {@link
 * SnapshotWriter}; this plugin stores the snapshots Akka asks it to (customer allowances).
 */
public final class PostgresSnapshotStore extends SnapshotStore {

  /**
   * One row per asked entity, in the order asked: its newest snapshot within the criteria (or
   * nulls) and its highest journal sequence number (null: no events).
   */
  private static final String LOAD =
      "SELECT r.n, s.sequence_number, s.created, s.snapshot_ser_id, s.snapshot_ser_manifest,"
          + " s.snapshot_payload, s.meta_ser_id, s.meta_ser_manifest, s.meta_payload,"
          + " (SELECT max(j.sequence_number) FROM event_journal j WHERE j.persistence_id = r.pid)"
          + " FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])"
          + " WITH ORDINALITY AS r(pid, min_seq, max_seq, min_ts, max_ts, n)"
          + " LEFT JOIN LATERAL (SELECT * FROM snapshot x WHERE x.persistence_id = r.pid"
          + " AND x.sequence_number BETWEEN r.min_seq AND r.max_seq"
          + " AND x.created BETWEEN r.min_ts AND r.max_ts"
          + " ORDER BY x.sequence_number DESC LIMIT 1) s ON true"
          + " ORDER BY r.n";

  private static final String SAVE =
      "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot_ser_id, snapshot_ser_manifest,"
          + " snapshot_payload, meta_ser_id, meta_ser_manifest, meta_payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET created = EXCLUDED.created,"
          + " snapshot_ser_id = EXCLUDED.snapshot_ser_id, snapshot_ser_manifest = EXCLUDED.snapshot_ser_manifest,"
          + " snapshot_payload = EXCLUDED.snapshot_payload, meta_ser_id = EXCLUDED.meta_ser_id,"
          + " meta_ser_manifest = EXCLUDED.meta_ser_manifest, meta_payload = EXCLUDED.meta_payload";

  private static final String DELETE_ONE =
      "DELETE FROM snapshot WHERE persistence_id = ? AND sequence_number = ?";

  private static final String DELETE_MATCHING =
      "DELETE FROM snapshot WHERE persistence_id = ? AND sequence_number BETWEEN ? AND ?"
          + " AND created BETWEEN ? AND ?";

  /** One entity's load, answered when its group's statement returns. */
  private record Load(
      String persistenceId,
      SnapshotSelectionCriteria criteria,
      RecoveryPrefetch.Answer answer,
      CompletableFuture<Optional<SelectedSnapshot>> done) {}

  private final Serialization serialization;
  private final HikariDataSource dataSource;
  private final ExecutorService threads;
  private final GroupedWork<Load> loads;
  private final RecoveryPrefetch prefetch;
  private final DistributionSummary entitiesPerLoad;

  public PostgresSnapshotStore(Config config) {
    ActorSystem system = context().system();
    SnapshotStoreSettings settings =
        SnapshotStoreSettings.fromConfig(config, system.settings().config());
    this.serialization = SerializationExtension.get(system);
    this.prefetch = RecoveryPrefetch.get(system);
    this.entitiesPerLoad =
        DistributionSummary.builder("reservation.snapshots.load.entities")
            .description(
                "Recovering entities whose snapshots and highest sequence numbers one statement read.")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
            .register(EngineMetrics.get(Adapter.toTyped(system)).meters());
    this.dataSource =
        PostgresJournal.dataSource(
            settings.journal(), settings.poolSize(), "reservation-snapshots");
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            settings.poolSize(),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "reservation-snapshots-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.loads =
        new GroupedWork<>(
            threads,
            settings.maxConcurrentLoads(),
            settings.maxLoadsPerStatement(),
            load -> 1,
            this::load,
            (refused, cause) -> refused.forEach(l -> l.done().completeExceptionally(cause)));
  }

  @Override
  public Future<Optional<SelectedSnapshot>> doLoadAsync(
      String persistenceId, SnapshotSelectionCriteria criteria) {
    Load load =
        new Load(
            persistenceId, criteria, prefetch.expect(persistenceId), new CompletableFuture<>());
    loads.submit(load);
    return FutureConverters.asScala(load.done());
  }

  private void load(List<Load> group) {
    int n = group.size();
    entitiesPerLoad.record(n);
    String[] ids = new String[n];
    Long[] minSeq = new Long[n];
    Long[] maxSeq = new Long[n];
    Long[] minTs = new Long[n];
    Long[] maxTs = new Long[n];
    for (int i = 0; i < n; i++) {
      Load load = group.get(i);
      ids[i] = load.persistenceId();
      minSeq[i] = load.criteria().minSequenceNr();
      maxSeq[i] = load.criteria().maxSequenceNr();
      minTs[i] = load.criteria().minTimestamp();
      maxTs[i] = load.criteria().maxTimestamp();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(LOAD)) {
      List<Array> arrays =
          List.of(
              c.createArrayOf("varchar", ids),
              c.createArrayOf("int8", minSeq),
              c.createArrayOf("int8", maxSeq),
              c.createArrayOf("int8", minTs),
              c.createArrayOf("int8", maxTs));
      for (int i = 0; i < arrays.size(); i++) s.setArray(i + 1, arrays.get(i));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Load load = group.get(rs.getInt(1) - 1);
          long highest = rs.getLong(10);
          load.answer().highest(rs.wasNull() ? 0 : highest);
          answer(load, rs);
        }
      }
    } catch (SQLException | RuntimeException e) {
      for (Load load : group) {
        load.done()
            .completeExceptionally(
                new IllegalStateException(
                    "loading the snapshot of "
                        + load.persistenceId()
                        + " failed: "
                        + e.getMessage(),
                    e));
      }
    }
  }

  /** Completes one load from its row: a snapshot that cannot be read fails that load only. */
  private void answer(Load load, ResultSet rs) throws SQLException {
    long sequenceNr = rs.getLong(2);
    if (rs.wasNull()) {
      load.done().complete(Optional.empty());
      return;
    }
    try {
      Object snapshot =
          serialization.deserialize(rs.getBytes(6), rs.getInt(4), rs.getString(5)).get();
      Option<Object> metadata = Option.empty();
      int metaSerId = rs.getInt(7);
      if (!rs.wasNull()) {
        metadata =
            Option.apply(
                serialization.deserialize(rs.getBytes(9), metaSerId, rs.getString(8)).get());
      }
      SnapshotMetadata meta =
          new SnapshotMetadata(load.persistenceId(), sequenceNr, rs.getLong(3), metadata);
      load.done().complete(Optional.of(SelectedSnapshot.create(meta, snapshot)));
    } catch (RuntimeException e) {
      load.done().completeExceptionally(e);
    }
  }

  @Override
  public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
    return run(
        () -> {
          Serializer serializer = serialization.findSerializerFor(snapshot);
          byte[] bytes = serializer.toBinary(snapshot);
          try (Connection c = dataSource.getConnection();
              PreparedStatement s = c.prepareStatement(SAVE)) {
            s.setString(1, metadata.persistenceId());
            s.setLong(2, metadata.sequenceNr());
            s.setLong(3, metadata.timestamp());
            s.setInt(4, serializer.identifier());
            s.setString(5, Serializers.manifestFor(serializer, snapshot));
            s.setBytes(6, bytes);
            if (metadata.metadata().isDefined()) {
              Object meta = metadata.metadata().get();
              Serializer metaSerializer = serialization.findSerializerFor(meta);
              s.setInt(7, metaSerializer.identifier());
              s.setString(8, Serializers.manifestFor(metaSerializer, meta));
              s.setBytes(9, metaSerializer.toBinary(meta));
            } else {
              s.setNull(7, Types.INTEGER);
              s.setNull(8, Types.VARCHAR);
              s.setNull(9, Types.BINARY);
            }
            s.executeUpdate();
          }
        });
  }

  @Override
  public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
    return run(
        () -> {
          try (Connection c = dataSource.getConnection();
              PreparedStatement s = c.prepareStatement(DELETE_ONE)) {
            s.setString(1, metadata.persistenceId());
            s.setLong(2, metadata.sequenceNr());
            s.executeUpdate();
          }
        });
  }

  @Override
  public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
    return run(
        () -> {
          try (Connection c = dataSource.getConnection();
              PreparedStatement s = c.prepareStatement(DELETE_MATCHING)) {
            s.setString(1, persistenceId);
            s.setLong(2, criteria.minSequenceNr());
            s.setLong(3, criteria.maxSequenceNr());
            s.setLong(4, criteria.minTimestamp());
            s.setLong(5, criteria.maxTimestamp());
            s.executeUpdate();
          }
        });
  }

  /** A statement of its own on the store's threads. */
  private Future<Void> run(SqlAction action) {
    return FutureConverters.asScala(
        CompletableFuture.runAsync(
            () -> {
              try {
                action.run();
              } catch (SQLException e) {
                throw new IllegalStateException("snapshot statement failed: " + e.getMessage(), e);
              }
            },
            threads));
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  @Override
  public void postStop() throws Exception {
    threads.shutdown();
    dataSource.close();
    super.postStop();
  }
}
