package com.reservation.engine.journal;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.projection.javadsl.SourceProvider;
import akka.serialization.SerializationExtension;
import akka.stream.javadsl.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The events of one tag, in a stable order, for a projection: a source that polls PostgreSQL and
 * never skips an event.
 *
 * <p>Ordering by {@code ordering} alone (what akka-persistence-jdbc's read journal does) has two
 * flaws: a transaction can commit after a later-numbered one, so a reader must guess how long to
 * wait for a gap (it gives up after a timeout and the event is lost to the projection for good),
 * and its query walks the tag's whole history on every poll. Here every tag row records the id of
 * the transaction that wrote it, and a reader takes only rows of transactions older than the oldest
 * one still running ({@code pg_snapshot_xmin}): those are all ended, none can add a row later, so
 * the order (transaction id, ordering) is final below that mark and a position in it never skips.
 * The query is an index range scan from the position on ({@code event_tag_txid_idx}).
 *
 * <p>Price: a transaction left open anywhere on the same PostgreSQL holds every reader back until
 * it ends (bookings are not affected, only how fresh the projections are).
 */
public final class EventsByTag<E> extends SourceProvider<String, TaggedEvent<E>> {
  private static final String QUERY =
      "SELECT "
          + PolledPages.COLUMNS
          + " FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id"
          + " WHERE t.tag = ? AND (t.txid, t.event_id) > (?, ?)"
          + " AND t.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
          + " AND NOT j.deleted"
          + " ORDER BY t.txid, t.event_id LIMIT ?";

  private final String tag;
  private final EventDecoder<E> decoder;
  private final DataSource dataSource;
  private final Executor executor;
  private final ActorSystem<?> system;
  private final Duration pollInterval;
  private final int pageSize;

  public EventsByTag(
      ActorSystem<?> system,
      String tag,
      Class<E> eventType,
      DataSource dataSource,
      Executor executor,
      Duration pollInterval,
      int pageSize) {
    this(
        system,
        tag,
        EventDecoder.akka(SerializationExtension.get(system), eventType),
        dataSource,
        executor,
        pollInterval,
        pageSize);
  }

  /** A reader that decodes each event with {@code decoder} (e.g. only the part it needs). */
  public EventsByTag(
      ActorSystem<?> system,
      String tag,
      EventDecoder<E> decoder,
      DataSource dataSource,
      Executor executor,
      Duration pollInterval,
      int pageSize) {
    this.system = system;
    this.tag = tag;
    this.decoder = decoder;
    this.dataSource = dataSource;
    this.executor = executor;
    this.pollInterval = pollInterval;
    this.pageSize = pageSize;
  }

  @Override
  public CompletionStage<Source<TaggedEvent<E>, NotUsed>> source(
      Supplier<CompletionStage<Optional<String>>> storedOffset) {
    return storedOffset
        .get()
        .thenApply(
            stored -> {
              TagOffset start = stored.map(TagOffset::parse).orElse(TagOffset.START);
              return PolledPages.from(start, this::read, pageSize, pollInterval, executor, system);
            });
  }

  /** The next page of events after {@code after}, oldest first. */
  List<TaggedEvent<E>> read(TagOffset after) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(QUERY)) {
      s.setString(1, tag);
      s.setLong(2, after.txid());
      s.setLong(3, after.ordering());
      s.setInt(4, pageSize);
      List<TaggedEvent<E>> events = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(PolledPages.event(rs, decoder));
        }
      }
      return events;
    } catch (SQLException e) {
      throw new JournalReads.JournalException("reading tag " + tag, e);
    }
  }

  @Override
  public String extractOffset(TaggedEvent<E> envelope) {
    return envelope.offset().format();
  }

  @Override
  public long extractCreationTime(TaggedEvent<E> envelope) {
    return envelope.timestamp();
  }
}
