package com.reservation.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Small JDBC helpers: a connection or a transaction around a body, SQL errors as {@link
 * StoreException}.
 */
public final class Jdbc {
  /** A body that uses a connection. */
  @FunctionalInterface
  public interface Body<T> {
    T apply(Connection connection) throws SQLException;
  }

  private Jdbc() {}

  public static <T> T withConnection(DataSource dataSource, Body<T> body) {
    try (Connection c = dataSource.getConnection()) {
      return body.apply(c);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  public static <T> T inTransaction(DataSource dataSource, Body<T> body) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = body.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** The store failed; callers answer "unavailable" and never show its message to a client. */
  public static final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
      super("store failure: " + cause.getSQLState(), cause);
    }
  }
}
