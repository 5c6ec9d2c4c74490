package com.reservation.engine.journal;

import akka.actor.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.persistence.AtomicWrite;
import akka.persistence.PersistentRepr;
import akka.persistence.journal.Tagged;
import akka.persistence.journal.japi.AsyncWriteJournal;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.reservation.engine.metrics.EngineMetrics;
import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.privacy.keys.WithCustomerKeys;
import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * The journal plugin: akka-persistence-jdbc's PostgreSQL tables, our write path.
 *
 * <p>Why our own: akka-persistence-jdbc 5.2.1 inserts each tagged event with its own {@code INSERT
 * ... RETURNING} (Slick cannot batch those) inside a transaction of its own round trips, through
 * Slick's futures; a slot that writes one event per batch of bookings still paid four round trips
 * per write, and a burst over many slots one round trip per event. Here every write that arrives
 * while a flush is in flight joins the next flush: one statement, one round trip (see {@link
 * GroupCommitWriter}). Recovery reads are plain JDBC. The rows are exactly what
 * akka-persistence-jdbc writes, so its journal, snapshot store and read journal read ours (and ours
 * reads theirs).
 *
 * <p>JDBC blocks, so it runs on the journal's own threads: {@code max-concurrent-writes} for
 * flushes, the rest of {@code pool-size} for recovery reads, so a storm of recoveries never queues
 * in front of writes.
 */
public final class PostgresJournal extends AsyncWriteJournal {
  private final JournalSettings settings;
  private final Serialization serialization;
  private final HikariDataSource dataSource;
  private final ExecutorService writerThreads;
  private final ExecutorService readerThreads;
  private final GroupCommitWriter writer;
  private final JournalReads reads;
  private final RecoveryPrefetch prefetch;

  /**
   * Writes not yet acknowledged, per persistence id: a restarted entity must read its highest
   * sequence nr after them.
   */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> writesInFlight =
      new ConcurrentHashMap<>();

  public PostgresJournal(Config config) {
    ActorSystem system = context().system();
    this.settings = JournalSettings.fromConfig(config);
    this.serialization = SerializationExtension.get(system);
    MeterRegistry meters = EngineMetrics.get(Adapter.toTyped(system)).meters();
    this.dataSource = dataSource(settings, settings.poolSize(), "reservation-journal");
    dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    int writers = Math.max(1, settings.maxConcurrentWrites());
    this.writerThreads =
        Executors.newFixedThreadPool(writers, threads("reservation-journal-writer"));
    this.readerThreads =
        Executors.newFixedThreadPool(
            Math.max(1, settings.poolSize() - writers), threads("reservation-journal-reader"));
    this.writer =
        new GroupCommitWriter(
            dataSource,
            writerThreads,
            writers,
            settings.maxRowsPerWrite(),
            JournalMetrics.in(meters));
    this.reads = new JournalReads(dataSource, serialization, settings.replayFetchSize());
    this.prefetch = RecoveryPrefetch.get(system);
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    long now = System.currentTimeMillis();
    List<Optional<Exception>> results = new ArrayList<>();
    List<JournalRow> rows = new ArrayList<>();
    String persistenceId = null;
    for (AtomicWrite write : messages) {
      persistenceId = write.persistenceId();
      try {
        List<JournalRow> writeRows = new ArrayList<>();
        for (PersistentRepr repr : CollectionConverters.asJava(write.payload()))
          writeRows.add(row(repr, now));
        rows.addAll(writeRows);
        results.add(Optional.empty());
      } catch (Exception e) {
        // Akka's contract: a write that cannot be serialized is rejected (its actor goes on), the
        // others are written.
        results.add(Optional.of(e));
      }
    }
    if (rows.isEmpty())
      return FutureConverters.asScala(
          CompletableFuture.completedFuture((Iterable<Optional<Exception>>) results));
    String id = persistenceId;
    // Before and after: a highest sequence number read meanwhile with a snapshot is not used.
    prefetch.written(id);
    CompletableFuture<Void> written = writer.write(rows);
    writesInFlight.put(id, written);
    written.whenComplete(
        (done, failure) -> {
          writesInFlight.remove(id, written);
          prefetch.written(id);
        });
    return FutureConverters.asScala(
        written.thenApply(done -> (Iterable<Optional<Exception>>) results));
  }

  private JournalRow row(PersistentRepr repr, long now) {
    Object payload = repr.payload();
    Set<String> tags = Set.of();
    if (payload instanceof Tagged tagged) {
      payload = tagged.payload();
      tags = CollectionConverters.asJava(tagged.tags());
    }
    Serializer serializer = serialization.findSerializerFor(payload);
    byte[] bytes = serializer.toBinary(payload);
    List<CustomerKeyRow> customerKeys =
        payload instanceof WithCustomerKeys withKeys ? withKeys.customerKeys() : List.of();
    Integer metaId = null;
    String metaManifest = null;
    byte[] metaBytes = null;
    if (repr.metadata().isDefined()) {
      Object metadata = repr.metadata().get();
      Serializer metaSerializer = serialization.findSerializerFor(metadata);
      metaId = metaSerializer.identifier();
      metaManifest = Serializers.manifestFor(metaSerializer, metadata);
      metaBytes = metaSerializer.toBinary(metadata);
    }
    return new JournalRow(
        repr.persistenceId(),
        repr.sequenceNr(),
        repr.writerUuid(),
        now,
        repr.manifest(),
        serializer.identifier(),
        Serializers.manifestFor(serializer, payload),
        bytes,
        metaId,
        metaManifest,
        metaBytes,
        tags,
        customerKeys);
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return FutureConverters.asScala(
        CompletableFuture.runAsync(
            () -> reads.markDeleted(persistenceId, toSequenceNr), readerThreads));
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    OptionalLong known = prefetch.take(persistenceId);
    if (known.isPresent() && !writesInFlight.containsKey(persistenceId)) {
      // Read in the same statement as the entity's snapshot, a moment ago, and nothing written
      // since.
      return FutureConverters.asScala(CompletableFuture.completedFuture(known.getAsLong()));
    }
    CompletionStage<Void> pending =
        writesInFlight.getOrDefault(persistenceId, CompletableFuture.completedFuture(null));
    // After a pending write whatever its outcome: a failed write may still have landed, and the
    // read tells.
    return FutureConverters.asScala(
        pending
            .handle((done, failure) -> null)
            .thenApplyAsync(ignored -> reads.highestSequenceNr(persistenceId), readerThreads));
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    return FutureConverters.asScala(
        CompletableFuture.runAsync(
            () -> reads.replay(persistenceId, fromSequenceNr, toSequenceNr, max, replayCallback),
            readerThreads));
  }

  @Override
  public void postStop() throws Exception {
    writerThreads.shutdown();
    readerThreads.shutdown();
    dataSource.close();
    super.postStop();
  }

  static HikariDataSource dataSource(JournalSettings settings, int poolSize, String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(2_000);
    // Connect lazily: the plugin starts with the first persistent actor, and a database that is
    // down then must fail that actor's recovery (it retries with backoff), not the plugin.
    config.setInitializationFailTimeout(-1);
    settings.timeouts().applyTo(config);
    return new HikariDataSource(config);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
