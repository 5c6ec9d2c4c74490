package com.reservation.http.audit;

import akka.serialization.Serialization;
import com.reservation.engine.customer.AllowanceBook;
import com.reservation.engine.customer.AllowanceBucket;
import com.reservation.engine.customer.BucketEvent;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * One venue as the store holds it: every slot's journal replayed from its first event (snapshots
 * are not used, and the state keeps every ended record, so nothing a client was told can have been
 * forgotten by the replay), the allowance buckets replayed likewise, and the read model's rows.
 * While replaying it notes what no single moment of the journal may show: a slot over capacity, a
 * write whose stored counts differ from the state it leaves, a bucket granting past the limit.
 *
 * @param slots by slot id
 * @param buckets the allowance buckets' books, by bucket entity id
 * @param readModel the {@code slot_availability} rows, by slot id
 * @param problems what the replay found wrong, in journal order per slot or bucket
 * @param events events replayed
 */
public record StoredHistory(
    Map<String, SlotJournal> slots,
    Map<String, AllowanceBook> buckets,
    Map<String, ReadModelRow> readModel,
    List<String> problems,
    long events) {

  /** A slot after its last stored event, and that event's sequence number. */
  public record SlotJournal(String slotId, SlotState state, long highestSeqNr) {}

  /** A row of the availability read model. */
  public record ReadModelRow(
      String slotId,
      int capacity,
      int booked,
      boolean adminClosed,
      long seqNr,
      int held,
      int waiting) {}

  private static final String PERSISTENCE_IDS =
      "SELECT DISTINCT persistence_id FROM event_journal WHERE left(persistence_id, ?) = ?";
  private static final String EVENTS =
      "SELECT sequence_number, deleted, event_ser_id, event_ser_manifest, event_payload, write_timestamp"
          + " FROM event_journal WHERE persistence_id = ? ORDER BY sequence_number";
  private static final String READ_MODEL =
      "SELECT slot_id, capacity, booked, admin_closed, seq_nr, held, waiting"
          + " FROM slot_availability WHERE left(slot_id, ?) = ?";

  /**
   * Reads and replays everything the store holds of {@code venueId}; {@code limit} is the venue's
   * per-customer limit (0: none) that no bucket may grant past.
   */
  public static StoredHistory read(
      DataSource dataSource, Serialization serialization, String venueId, int limit)
      throws SQLException {
    return read(dataSource, serialization, venueId, limit, null, line -> {});
  }

  /**
   * As {@link #read(DataSource, Serialization, String, int)}, and every stored fact about {@code
   * traceCustomer} (slot facts and allowance events, with their write time) goes to {@code trace}:
   * what a failure about one customer is explained with.
   */
  public static StoredHistory read(
      DataSource dataSource,
      Serialization serialization,
      String venueId,
      int limit,
      String traceCustomer,
      java.util.function.Consumer<String> trace)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    Map<String, SlotJournal> slots = new TreeMap<>();
    Map<String, AllowanceBook> buckets = new TreeMap<>();
    Map<String, ReadModelRow> readModel = new TreeMap<>();
    long events = 0;
    try (Connection c = dataSource.getConnection()) {
      // One snapshot for every read: the nodes go on writing (offers expire and pass on), and the
      // read model must be compared with the journal as of the same moment, where it can only lag.
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      String slotPrefix = SlotEntity.ENTITY_KEY.name() + "|" + venueId + "_";
      for (String persistenceId : persistenceIds(c, slotPrefix)) {
        String slotId = persistenceId.substring(SlotEntity.ENTITY_KEY.name().length() + 1);
        SlotState state = SlotState.EMPTY;
        long seqNr = 0;
        for (Stored stored : events(c, serialization, persistenceId)) {
          events++;
          seqNr = stored.seqNr();
          if (!(stored.event() instanceof SlotEvent event)) {
            problems.add(slotId + " #" + seqNr + ": not a slot event: " + stored.event());
            continue;
          }
          for (SlotFact fact : event.facts()) {
            state = state.apply(fact);
            if (traceCustomer != null && traceCustomer.equals(customerOf(state, fact))) {
              trace.accept(
                  Instant.ofEpochMilli(stored.writtenAt())
                      + " "
                      + slotId
                      + " #"
                      + seqNr
                      + " "
                      + describe(fact));
            }
          }
          int taken = state.bookedSeats() + state.heldSeats();
          if (taken > state.capacity()) {
            problems.add(
                slotId
                    + " #"
                    + seqNr
                    + ": over capacity: "
                    + state.bookedSeats()
                    + " booked + "
                    + state.heldSeats()
                    + " held > "
                    + state.capacity());
          }
          if (event instanceof SlotEvent.Recorded recorded
              && !sameCounts(recorded.counts(), state.counts())) {
            problems.add(
                slotId
                    + " #"
                    + seqNr
                    + ": the write stored counts "
                    + recorded.counts()
                    + " but its facts leave "
                    + state.counts());
          }
        }
        slots.put(slotId, new SlotJournal(slotId, state, seqNr));
      }
      String bucketPrefix = AllowanceBucket.ENTITY_KEY.name() + "|" + venueId + ":";
      for (String persistenceId : persistenceIds(c, bucketPrefix)) {
        String bucketId = persistenceId.substring(AllowanceBucket.ENTITY_KEY.name().length() + 1);
        AllowanceBook book = AllowanceBook.EMPTY;
        for (Stored stored : events(c, serialization, persistenceId)) {
          events++;
          if (!(stored.event() instanceof BucketEvent event)) {
            problems.add(bucketId + " #" + stored.seqNr() + ": not a bucket event");
            continue;
          }
          book = book.apply(event);
          if (traceCustomer != null && concerns(event, traceCustomer)) {
            trace.accept(
                Instant.ofEpochMilli(stored.writtenAt())
                    + " "
                    + bucketId
                    + " #"
                    + stored.seqNr()
                    + " "
                    + event);
          }
          if (limit > 0 && event instanceof BucketEvent.Granted granted) {
            int grants = book.of(granted.customerId()).grants().size();
            if (grants > limit) {
              problems.add(
                  bucketId
                      + " #"
                      + stored.seqNr()
                      + ": customer "
                      + granted.customerId()
                      + " holds "
                      + grants
                      + " grants, over the limit of "
                      + limit);
            }
          }
        }
        buckets.put(bucketId, book);
      }
      try (PreparedStatement s = c.prepareStatement(READ_MODEL)) {
        String prefix = venueId + "_";
        s.setInt(1, prefix.length());
        s.setString(2, prefix);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            ReadModelRow row =
                new ReadModelRow(
                    rs.getString(1),
                    rs.getInt(2),
                    rs.getInt(3),
                    rs.getBoolean(4),
                    rs.getLong(5),
                    rs.getInt(6),
                    rs.getInt(7));
            readModel.put(row.slotId(), row);
          }
        }
      }
      c.rollback();
    }
    return new StoredHistory(slots, buckets, readModel, problems, events);
  }

  /**
   * Stored and recomputed counts agree. The next expiry is compared to the millisecond: the stored
   * form may be coarser than the state's instant.
   */
  private static boolean sameCounts(SlotCounts stored, SlotCounts state) {
    return stored.capacity() == state.capacity()
        && stored.booked() == state.booked()
        && stored.adminClosed() == state.adminClosed()
        && stored.held() == state.held()
        && stored.waiting() == state.waiting()
        && millis(stored.nextExpiry()) == millis(state.nextExpiry());
  }

  private static long millis(Instant instant) {
    return instant == null ? Long.MIN_VALUE : instant.toEpochMilli();
  }

  private record Stored(long seqNr, long writtenAt, Object event) {}

  private static boolean concerns(BucketEvent event, String customerId) {
    if (event instanceof BucketEvent.Granted g) return g.customerId().equals(customerId);
    if (event instanceof BucketEvent.Released r) return r.customerId().equals(customerId);
    return ((BucketEvent.Imported) event).customers().containsKey(customerId);
  }

  /** Whose booking, hold or entry {@code fact} (just applied to {@code state}) is about. */
  private static String customerOf(SlotState state, SlotFact fact) {
    if (fact instanceof SlotFact.Booked f) return f.customerId();
    if (fact instanceof SlotFact.Held f) return f.customerId();
    if (fact instanceof SlotFact.Joined f) return f.customerId();
    if (fact instanceof SlotFact.HoldConfirmed f) return f.customerId();
    if (fact instanceof SlotFact.Cancelled f) {
      return state.booking(f.bookingId()).map(b -> b.customerId()).orElse(null);
    }
    if (fact instanceof SlotFact.HoldReleased f) {
      return state.holds().get(f.holdId()).map(h -> h.customerId()).orElse(null);
    }
    if (fact instanceof SlotFact.HoldExpired f) {
      return state.holds().get(f.holdId()).map(h -> h.customerId()).orElse(null);
    }
    if (fact instanceof SlotFact.Offered f) {
      return state.waitlist().get(f.entryId()).map(e -> e.customerId()).orElse(null);
    }
    if (fact instanceof SlotFact.Left f) {
      return state.waitlist().get(f.entryId()).map(e -> e.customerId()).orElse(null);
    }
    return null;
  }

  /** A fact without its contact data, with the ids and grant a trace needs. */
  private static String describe(SlotFact fact) {
    if (fact instanceof SlotFact.Booked f) {
      return "Booked["
          + f.bookingId()
          + ", key="
          + f.idempotencyKey()
          + ", grant="
          + f.grantId()
          + ", at="
          + f.at()
          + "]";
    }
    if (fact instanceof SlotFact.Held f) {
      return "Held["
          + f.holdId()
          + ", key="
          + f.idempotencyKey()
          + ", grant="
          + f.grantId()
          + ", at="
          + f.at()
          + ", expiresAt="
          + f.expiresAt()
          + "]";
    }
    if (fact instanceof SlotFact.Joined f) {
      return "Joined[" + f.entryId() + ", grant=" + f.grantId() + ", at=" + f.at() + "]";
    }
    return fact.toString();
  }

  private static List<String> persistenceIds(Connection c, String prefix) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(PERSISTENCE_IDS)) {
      s.setInt(1, prefix.length());
      s.setString(2, prefix);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
    }
    ids.sort(null);
    return ids;
  }

  /** The id's events in order; rows marked deleted are skipped, as a recovery skips them. */
  private static List<Stored> events(
      Connection c, Serialization serialization, String persistenceId) throws SQLException {
    List<Stored> events = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(EVENTS)) {
      s.setString(1, persistenceId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (rs.getBoolean(2)) continue;
          Object event =
              serialization.deserialize(rs.getBytes(5), rs.getInt(3), rs.getString(4)).get();
          events.add(new Stored(rs.getLong(1), rs.getLong(6), event));
        }
      }
    }
    return events;
  }
}
