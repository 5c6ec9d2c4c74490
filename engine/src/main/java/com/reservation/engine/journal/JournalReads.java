package com.reservation.engine.journal;

import akka.persistence.PersistentRepr;
import akka.persistence.PersistentRepr$;
import akka.serialization.Serialization;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The journal's reads and its one maintenance update, in plain JDBC (blocking: callers run them on
 * journal threads).
 */
final class JournalReads {
  private static final String HIGHEST =
      "SELECT max(sequence_number) FROM event_journal WHERE persistence_id = ?";
  private static final String REPLAY =
      "SELECT sequence_number, deleted, writer, write_timestamp, adapter_manifest, event_ser_id, event_ser_manifest,"
          + " event_payload, meta_ser_id, meta_ser_manifest, meta_payload FROM event_journal"
          + " WHERE persistence_id = ? AND sequence_number >= ? AND sequence_number <= ? ORDER BY sequence_number"
          + " LIMIT ?";
  private static final String MARK_DELETED =
      "UPDATE event_journal SET deleted = true WHERE persistence_id = ? AND sequence_number <= ? AND NOT deleted";

  private final DataSource dataSource;
  private final Serialization serialization;
  private final int fetchSize;

  JournalReads(DataSource dataSource, Serialization serialization, int fetchSize) {
    this.dataSource = dataSource;
    this.serialization = serialization;
    this.fetchSize = fetchSize;
  }

  /**
   * The highest sequence number stored for the id (deleted rows included, as Akka expects), 0 for
   * none.
   */
  long highestSequenceNr(String persistenceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(HIGHEST)) {
      s.setString(1, persistenceId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new JournalException("reading the highest sequence number of " + persistenceId, e);
    }
  }

  /**
   * Streams the id's events in order through {@code callback}, fetching {@code fetchSize} rows per
   * round trip.
   */
  void replay(
      String persistenceId, long from, long to, long max, Consumer<PersistentRepr> callback) {
    if (max <= 0 || from > to) return;
    try (Connection c = dataSource.getConnection()) {
      // A cursor (fetch size) needs a transaction in pgjdbc; without it a long history would be
      // read whole.
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(REPLAY)) {
        s.setFetchSize(fetchSize);
        s.setString(1, persistenceId);
        s.setLong(2, from);
        s.setLong(3, to);
        s.setLong(4, max);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            if (rs.getBoolean(2)) continue;
            callback.accept(repr(persistenceId, rs));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new JournalException("replaying " + persistenceId, e);
    }
  }

  private PersistentRepr repr(String persistenceId, ResultSet rs) throws SQLException {
    long sequenceNr = rs.getLong(1);
    Object payload = serialization.deserialize(rs.getBytes(8), rs.getInt(6), rs.getString(7)).get();
    PersistentRepr repr =
        PersistentRepr$.MODULE$
            .apply(
                payload, sequenceNr, persistenceId, rs.getString(5), false, null, rs.getString(3))
            .withTimestamp(rs.getLong(4));
    int metaSerId = rs.getInt(9);
    if (!rs.wasNull()) {
      Object metadata =
          serialization.deserialize(rs.getBytes(11), metaSerId, rs.getString(10)).get();
      repr = repr.withMetadata(metadata);
    }
    return repr;
  }

  void markDeleted(String persistenceId, long toSequenceNr) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(MARK_DELETED)) {
      s.setString(1, persistenceId);
      s.setLong(2, toSequenceNr);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new JournalException("deleting events of " + persistenceId, e);
    }
  }

  /** A journal read or update failed; the message says which, the cause says why. */
  static final class JournalException extends RuntimeException {
    JournalException(String what, SQLException cause) {
      super(what + " failed: " + cause.getMessage(), cause);
    }
  }
}
