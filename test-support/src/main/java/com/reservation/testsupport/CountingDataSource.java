package com.reservation.testsupport;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source in front of a real one that counts the connections it hands out (code under test
 * takes one per query) and refuses them on demand, as a database that stopped answering would: a
 * test reads how many queries a cache or a readiness check cost, and what happens when the store is
 * gone.
 */
public final class CountingDataSource implements DataSource {
  /** Connections handed out so far (refused ones are not counted). */
  public final AtomicInteger connections = new AtomicInteger();

  /** While true, every connection is refused with an {@link SQLException}. */
  public final AtomicBoolean refuse = new AtomicBoolean();

  private final DataSource delegate;

  public CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public Connection getConnection() throws SQLException {
    refuseIfAsked();
    connections.incrementAndGet();
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    refuseIfAsked();
    connections.incrementAndGet();
    return delegate.getConnection(user, password);
  }

  private void refuseIfAsked() throws SQLException {
    // 08001: the SQL state of a client that cannot connect.
    if (refuse.get()) throw new SQLException("refused by the test", "08001");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return delegate.isWrapperFor(type);
  }
}
