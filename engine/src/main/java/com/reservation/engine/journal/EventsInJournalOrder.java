package com.reservation.engine.journal;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.projection.javadsl.SourceProvider;
import akka.serialization.SerializationExtension;
import akka.stream.javadsl.Source;
import java.sql.Array;
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
 * The events of several tags together, in journal order: the order (writing transaction, ordering)
 * that {@link EventsByTag} reads one tag in, over all the given tags at once. Like it, it takes
 * only rows of transactions older than the oldest one still running, so a position never skips an
 * event that commits later; the query is an index range scan from the position ({@code
 * event_tag_journal_order_idx}).
 *
 * <p>For consumers that want one stream of everything (the pull feed, the webhook outbox). An event
 * stored under several of the tags would appear once per tag: slot events carry exactly one.
 */
public final class EventsInJournalOrder<E> extends SourceProvider<String, TaggedEvent<E>> {
  private static final String QUERY =
      "SELECT "
          + PolledPages.COLUMNS
          + " FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id"
          + " WHERE (t.txid, t.event_id) %s (?, ?) AND t.tag = ANY(?)"
          + " AND t.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
          + " AND NOT j.deleted"
          + " ORDER BY t.txid, t.event_id LIMIT ?";
  private static final String AFTER = String.format(QUERY, ">");
  private static final String FROM = String.format(QUERY, ">=");

  private final List<String> tags;
  private final EventDecoder<E> decoder;
  private final DataSource dataSource;
  private final Executor executor;
  private final ActorSystem<?> system;
  private final Duration pollInterval;
  private final int pageSize;

  public EventsInJournalOrder(
      ActorSystem<?> system,
      List<String> tags,
      Class<E> eventType,
      DataSource dataSource,
      Executor executor,
      Duration pollInterval,
      int pageSize) {
    this.system = system;
    this.tags = List.copyOf(tags);
    this.decoder = EventDecoder.akka(SerializationExtension.get(system), eventType);
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
              return PolledPages.from(
                  start,
                  position -> read(position, false, pageSize),
                  pageSize,
                  pollInterval,
                  executor,
                  system);
            });
  }

  /**
   * Up to {@code limit} events from {@code position} on (blocking).
   *
   * @param inclusive whether the event at {@code position} itself is read too (a reader that
   *     stopped inside it)
   */
  public List<TaggedEvent<E>> read(TagOffset position, boolean inclusive, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(inclusive ? FROM : AFTER)) {
      Array tagArray = c.createArrayOf("varchar", tags.toArray(String[]::new));
      s.setLong(1, position.txid());
      s.setLong(2, position.ordering());
      s.setArray(3, tagArray);
      s.setInt(4, limit);
      List<TaggedEvent<E>> events = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(PolledPages.event(rs, decoder));
        }
      }
      return events;
    } catch (SQLException e) {
      throw new JournalReads.JournalException("reading the journal in order", e);
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
