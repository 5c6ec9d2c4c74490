package com.reservation.engine.events;

import com.reservation.engine.events.model.EventMapping;
import com.reservation.engine.events.model.PublicEvent;
import com.reservation.engine.journal.EventsInJournalOrder;
import com.reservation.engine.journal.TaggedEvent;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.store.Jdbc;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The pull feed: public events in journal order, a page at a time, each with the position to resume
 * after it. It reads journal rows until it has {@code limit} events; rows that hold no public event
 * (a slot's definition, an admin's change) are skipped, and a page reads at most {@code
 * maxRowsPerPage} rows, so a long stretch of them yields a short (even empty) page whose {@code
 * next} still moves on.
 */
public final class EventFeed {
  /** A page: the events with their positions, and where to continue. */
  public record Page(List<Entry> events, FeedPosition next) {}

  /** One event of a page and the position just after it. */
  public record Entry(FeedPosition position, PublicEvent event) {}

  private final EventsInJournalOrder<SlotEvent> journal;
  private final Executor executor;
  private final int maxRowsPerPage;

  public EventFeed(EventsInJournalOrder<SlotEvent> journal, Executor executor, int maxRowsPerPage) {
    this.journal = journal;
    this.executor = executor;
    this.maxRowsPerPage = maxRowsPerPage;
  }

  public CompletionStage<Page> page(FeedPosition after, int limit) {
    return CompletableFuture.supplyAsync(() -> read(after, limit), executor);
  }

  Page read(FeedPosition after, int limit) {
    List<Entry> entries = new ArrayList<>(limit);
    FeedPosition next = after;
    boolean first = true;
    int rowsRead = 0;
    while (entries.size() < limit && rowsRead < maxRowsPerPage) {
      int want = Math.min(maxRowsPerPage - rowsRead, Math.max(limit - entries.size(), 16));
      // The first read includes the row the position is in: a page may have stopped inside it.
      List<TaggedEvent<SlotEvent>> rows =
          readRows(next, first && after.factIndex() != FeedPosition.WHOLE_EVENT, want);
      first = false;
      if (rows.isEmpty()) break;
      for (TaggedEvent<SlotEvent> row : rows) {
        rowsRead++;
        int skipUpTo =
            row.offset().txid() == next.txid() && row.offset().ordering() == next.ordering()
                ? next.factIndex()
                : -1;
        List<PublicEvent> events =
            EventMapping.map(
                slotId(row.persistenceId()),
                row.sequenceNr(),
                row.event(),
                Instant.ofEpochMilli(row.timestamp()));
        for (PublicEvent event : events) {
          if (event.factIndex() <= skipUpTo) continue;
          FeedPosition position =
              new FeedPosition(row.offset().txid(), row.offset().ordering(), event.factIndex());
          entries.add(new Entry(position, event));
          next = position;
          if (entries.size() == limit) return new Page(entries, next);
        }
        // The whole row is behind us now, whether or not it held events: the next read starts after
        // it.
        next =
            new FeedPosition(
                row.offset().txid(), row.offset().ordering(), FeedPosition.WHOLE_EVENT);
      }
      if (rows.size() < want) break;
    }
    return new Page(entries, next);
  }

  private List<TaggedEvent<SlotEvent>> readRows(
      FeedPosition position, boolean inclusive, int limit) {
    try {
      return journal.read(position.journalPosition(), inclusive, limit);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SQLException sql) throw new Jdbc.StoreException(sql);
      throw e;
    }
  }

  /** The slot id of a slot's persistence id ({@code Slot|pwtc_20261201_0920}). */
  static String slotId(String persistenceId) {
    int bar = persistenceId.indexOf('|');
    return bar < 0 ? persistenceId : persistenceId.substring(bar + 1);
  }
}
