package com.reservation.engine.journal;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.pattern.Patterns;
import akka.stream.javadsl.Source;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the journal's ordered readers ({@link EventsByTag}, {@link EventsInJournalOrder}) share: a
 * source of pages read one after another from a position, at once while pages come back full and
 * after {@code pollInterval} once one does not; and how one of their rows becomes a {@link
 * TaggedEvent}.
 */
final class PolledPages {
  /**
   * The columns both readers select, in this order: txid, event_id, persistence_id,
   * sequence_number, event_ser_id, event_ser_manifest, event_payload, write_timestamp.
   */
  static final String COLUMNS =
      "t.txid, t.event_id, j.persistence_id, j.sequence_number, j.event_ser_id,"
          + " j.event_ser_manifest, j.event_payload, j.write_timestamp";

  /**
   * Where a reader is, and whether its last page was full (then it reads on at once instead of
   * waiting).
   */
  private record Cursor(TagOffset offset, boolean more) {}

  private PolledPages() {}

  /**
   * Every event from {@code start} on, page by page: {@code readPage} reads (blocking, on {@code
   * executor}) the page after a position.
   */
  static <E> Source<TaggedEvent<E>, NotUsed> from(
      TagOffset start,
      Function<TagOffset, List<TaggedEvent<E>>> readPage,
      int pageSize,
      Duration pollInterval,
      Executor executor,
      ActorSystem<?> system) {
    return Source.unfoldAsync(
            new Cursor(start, true),
            (Cursor cursor) -> {
              Supplier<CompletionStage<List<TaggedEvent<E>>>> read =
                  () ->
                      CompletableFuture.supplyAsync(
                          () -> readPage.apply(cursor.offset()), executor);
              CompletionStage<List<TaggedEvent<E>>> page =
                  cursor.more()
                      ? read.get()
                      : Patterns.after(
                          pollInterval,
                          system.classicSystem().scheduler(),
                          system.executionContext(),
                          read::get);
              return page.thenApply(
                  events -> {
                    TagOffset last =
                        events.isEmpty() ? cursor.offset() : events.get(events.size() - 1).offset();
                    return Optional.of(
                        Pair.create(new Cursor(last, events.size() == pageSize), events));
                  });
            })
        .mapConcat(page -> page);
  }

  /** The row {@code rows} is on, its event decoded by {@code decoder} when first asked for. */
  static <E> TaggedEvent<E> event(ResultSet rows, EventDecoder<E> decoder) throws SQLException {
    byte[] payload = rows.getBytes(7);
    int serializerId = rows.getInt(5);
    String manifest = rows.getString(6);
    return new TaggedEvent<>(
        new TagOffset(rows.getLong(1), rows.getLong(2)),
        rows.getString(3),
        rows.getLong(4),
        () -> decoder.decode(payload, serializerId, manifest),
        rows.getLong(8));
  }
}
