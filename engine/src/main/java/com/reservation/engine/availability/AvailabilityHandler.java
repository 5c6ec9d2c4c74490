package com.reservation.engine.availability;

import akka.projection.jdbc.javadsl.JdbcHandler;
import com.reservation.engine.journal.TaggedEvent;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.store.DataSourceJdbcSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a group of slot events into at most one statement per slot, in the same transaction as the
 * projection's offset (exactly once). A {@link SlotEvent.Recorded} carries the slot's counts after
 * its write, so the newest one of a slot in the group is all that is written, as absolute values
 * guarded by its sequence number: a burst of bookings costs the read model one row update per slot
 * per group, and an update can never move a row back in time. The row also keeps the slot's held
 * seats, waiting entries and earliest hold expiry (what the expiry waker wakes slots by).
 *
 * <p>Events of the first storage format (one per fact, no counts) still project as before, as
 * deltas.
 */
final class AvailabilityHandler
    extends JdbcHandler<List<TaggedEvent<SlotEvent>>, DataSourceJdbcSession> {

  /**
   * Every slot of the group in one statement: a group of many slots (a burst spread over a venue)
   * costs one statement, not one per slot. Each slot appears once, so no row is updated twice.
   */
  private static final String UPSERT =
      "INSERT INTO slot_availability(slot_id, capacity, booked, admin_closed, seq_nr, held, waiting, next_expiry)"
          + " SELECT * FROM unnest(?::varchar[], ?::int[], ?::int[], ?::boolean[], ?::bigint[], ?::int[], ?::int[],"
          + " ?::text[]::timestamptz[])"
          + " ON CONFLICT (slot_id) DO UPDATE SET capacity = EXCLUDED.capacity, booked = EXCLUDED.booked,"
          + " admin_closed = EXCLUDED.admin_closed, seq_nr = EXCLUDED.seq_nr, held = EXCLUDED.held,"
          + " waiting = EXCLUDED.waiting, next_expiry = EXCLUDED.next_expiry, updated_at = now()"
          + " WHERE slot_availability.seq_nr < EXCLUDED.seq_nr";

  private static final String LEGACY_INSERT =
      "INSERT INTO slot_availability(slot_id, capacity, booked, admin_closed) VALUES (?, ?, 0, false)"
          + " ON CONFLICT (slot_id) DO NOTHING";
  private static final String LEGACY_UPDATE =
      "UPDATE slot_availability SET capacity = COALESCE(?, capacity), admin_closed = COALESCE(?, admin_closed),"
          + " booked = booked + ?, seq_nr = GREATEST(seq_nr, ?), updated_at = now() WHERE slot_id = ?";

  /**
   * The slot catalog keeps the capacity an admin set, so that a schedule posted again is compared
   * with what the slot has now. It learns it here, in event order and exactly once, so it converges
   * whatever happens to the admin's call.
   */
  private static final String CATALOG_CAPACITY =
      "UPDATE slot_catalog SET capacity = ? WHERE slot_id = ? AND capacity <> ?";

  /** The newest counts of a slot in this group, and whether the group changed its capacity. */
  private record Latest(long sequenceNr, SlotCounts counts, boolean capacityChanged) {}

  /** What the group's first-format events do to one slot. */
  private static final class Delta {
    Integer definedCapacity;
    Integer capacity;
    Boolean adminClosed;
    int booked;
    long sequenceNr;
  }

  @Override
  public void process(DataSourceJdbcSession session, List<TaggedEvent<SlotEvent>> envelopes)
      throws Exception {
    Map<String, Latest> latest = new LinkedHashMap<>();
    Map<String, Delta> deltas = new LinkedHashMap<>();
    for (TaggedEvent<SlotEvent> envelope : envelopes) {
      SlotEvent event = envelope.event();
      if (event instanceof SlotEvent.Recorded recorded) {
        Latest before = latest.get(recorded.slotId());
        boolean capacityChanged =
            (before != null && before.capacityChanged())
                || recorded.facts().stream().anyMatch(f -> f instanceof SlotFact.CapacitySet);
        latest.put(
            recorded.slotId(),
            new Latest(envelope.sequenceNr(), recorded.counts(), capacityChanged));
      } else {
        fold(
            deltas.computeIfAbsent(event.slotId(), id -> new Delta()),
            event,
            envelope.sequenceNr());
      }
    }
    session.withConnection(
        connection -> {
          // Older format first: a slot's newer counts, if any in this group, then overwrite what
          // its deltas did.
          if (!deltas.isEmpty()) applyDeltas(connection, deltas);
          if (!latest.isEmpty()) applyLatest(connection, latest);
          return null;
        });
  }

  private static void applyLatest(Connection connection, Map<String, Latest> latest)
      throws SQLException {
    int n = latest.size();
    String[] ids = new String[n];
    Integer[] capacities = new Integer[n];
    Integer[] booked = new Integer[n];
    Boolean[] closed = new Boolean[n];
    Long[] sequenceNrs = new Long[n];
    Integer[] held = new Integer[n];
    Integer[] waiting = new Integer[n];
    String[] nextExpiry = new String[n];
    int i = 0;
    for (Map.Entry<String, Latest> entry : latest.entrySet()) {
      SlotCounts counts = entry.getValue().counts();
      ids[i] = entry.getKey();
      capacities[i] = counts.capacity();
      booked[i] = counts.booked();
      closed[i] = counts.adminClosed();
      sequenceNrs[i] = entry.getValue().sequenceNr();
      held[i] = counts.held();
      waiting[i] = counts.waiting();
      // ISO-8601 with its full precision; PostgreSQL reads it as timestamptz.
      nextExpiry[i] = counts.nextExpiry() == null ? null : counts.nextExpiry().toString();
      i++;
    }
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setArray(1, connection.createArrayOf("varchar", ids));
      upsert.setArray(2, connection.createArrayOf("int4", capacities));
      upsert.setArray(3, connection.createArrayOf("int4", booked));
      upsert.setArray(4, connection.createArrayOf("bool", closed));
      upsert.setArray(5, connection.createArrayOf("int8", sequenceNrs));
      upsert.setArray(6, connection.createArrayOf("int4", held));
      upsert.setArray(7, connection.createArrayOf("int4", waiting));
      upsert.setArray(8, connection.createArrayOf("text", nextExpiry));
      upsert.executeUpdate();
    }
    boolean capacityChanged = false;
    try (PreparedStatement catalog = connection.prepareStatement(CATALOG_CAPACITY)) {
      for (Map.Entry<String, Latest> entry : latest.entrySet()) {
        if (!entry.getValue().capacityChanged()) continue;
        int capacity = entry.getValue().counts().capacity();
        catalog.setInt(1, capacity);
        catalog.setString(2, entry.getKey());
        catalog.setInt(3, capacity);
        catalog.addBatch();
        capacityChanged = true;
      }
      if (capacityChanged) catalog.executeBatch();
    }
  }

  private static void fold(Delta delta, SlotEvent event, long sequenceNr) {
    delta.sequenceNr = Math.max(delta.sequenceNr, sequenceNr);
    if (event instanceof SlotEvent.SlotDefined e) {
      delta.definedCapacity = e.definition().capacity();
    } else if (event instanceof SlotEvent.CapacityChanged e) {
      delta.capacity = e.capacity();
    } else if (event instanceof SlotEvent.SlotClosed) {
      delta.adminClosed = true;
    } else if (event instanceof SlotEvent.SlotOpened) {
      delta.adminClosed = false;
    } else if (event instanceof SlotEvent.SeatsBooked e) {
      delta.booked += e.seats();
    } else if (event instanceof SlotEvent.BookingCancelled e) {
      delta.booked -= e.seats();
    }
  }

  private static void applyDeltas(Connection connection, Map<String, Delta> deltas)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(LEGACY_INSERT);
        PreparedStatement update = connection.prepareStatement(LEGACY_UPDATE)) {
      boolean inserts = false;
      for (Map.Entry<String, Delta> entry : deltas.entrySet()) {
        Delta delta = entry.getValue();
        if (delta.definedCapacity != null) {
          insert.setString(1, entry.getKey());
          insert.setInt(2, delta.definedCapacity);
          insert.addBatch();
          inserts = true;
        }
      }
      if (inserts) insert.executeBatch();
      for (Map.Entry<String, Delta> entry : deltas.entrySet()) {
        Delta delta = entry.getValue();
        update.setObject(1, delta.capacity, Types.INTEGER);
        update.setObject(2, delta.adminClosed, Types.BOOLEAN);
        update.setInt(3, delta.booked);
        update.setLong(4, delta.sequenceNr);
        update.setString(5, entry.getKey());
        update.addBatch();
      }
      update.executeBatch();
    }
  }
}
