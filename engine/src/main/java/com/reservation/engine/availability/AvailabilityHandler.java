package com.reservation.engine.availability;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.store.DataSourceJdbcSession;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a group of slot events into at most one insert and one update per slot, in the same transaction as the
 * projection's offset (exactly once), so a burst of bookings costs the read model a handful of statements.
 */
final class AvailabilityHandler extends JdbcHandler<List<EventEnvelope<SlotEvent>>, DataSourceJdbcSession> {

  /** What a group of events does to one slot's row. */
  private static final class Change {
    SlotEvent.SlotDefined defined;
    Integer capacity;
    Boolean adminClosed;
    int bookedDelta;
  }

  @Override
  public void process(DataSourceJdbcSession session, List<EventEnvelope<SlotEvent>> envelopes) throws Exception {
    Map<String, Change> changes = new LinkedHashMap<>();
    for (EventEnvelope<SlotEvent> envelope : envelopes) {
      SlotEvent event = envelope.event();
      Change change = changes.computeIfAbsent(event.slotId(), id -> new Change());
      if (event instanceof SlotEvent.SlotDefined e) {
        change.defined = e;
      } else if (event instanceof SlotEvent.CapacityChanged e) {
        change.capacity = e.capacity();
      } else if (event instanceof SlotEvent.SlotClosed) {
        change.adminClosed = true;
      } else if (event instanceof SlotEvent.SlotOpened) {
        change.adminClosed = false;
      } else if (event instanceof SlotEvent.SeatsBooked e) {
        change.bookedDelta += e.seats();
      } else if (event instanceof SlotEvent.BookingCancelled e) {
        change.bookedDelta -= e.seats();
      }
    }
    session.withConnection(
        connection -> {
          try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO slot_availability(slot_id, capacity, booked, admin_closed) VALUES (?, ?, 0, false)"
                          + " ON CONFLICT (slot_id) DO NOTHING");
              PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE slot_availability SET capacity = COALESCE(?, capacity),"
                          + " admin_closed = COALESCE(?, admin_closed), booked = booked + ?, updated_at = now()"
                          + " WHERE slot_id = ?")) {
            boolean inserts = false;
            boolean updates = false;
            for (Map.Entry<String, Change> entry : changes.entrySet()) {
              Change change = entry.getValue();
              if (change.defined != null) {
                insert.setString(1, entry.getKey());
                insert.setInt(2, change.defined.definition().capacity());
                insert.addBatch();
                inserts = true;
              }
              if (change.capacity != null || change.adminClosed != null || change.bookedDelta != 0) {
                update.setObject(1, change.capacity, java.sql.Types.INTEGER);
                update.setObject(2, change.adminClosed, java.sql.Types.BOOLEAN);
                update.setInt(3, change.bookedDelta);
                update.setString(4, entry.getKey());
                update.addBatch();
                updates = true;
              }
            }
            if (inserts) insert.executeBatch();
            if (updates) update.executeBatch();
          }
          return null;
        });
  }
}
