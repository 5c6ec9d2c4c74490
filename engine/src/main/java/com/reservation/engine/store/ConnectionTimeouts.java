package com.reservation.engine.store;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;

/**
 * How long any PostgreSQL connection of a node may wait ({@code reservation.db.timeouts}).
 *
 * <p>Without these a network path that silently drops packets (no reset, no close) leaves a
 * statement waiting for an answer until the kernel gives up on the connection, many minutes later:
 * journal writers, recoveries and snapshots-before-stop hang that long. With them every wait ends:
 * the driver gives up connecting after {@code connect}, any read of an answer after {@code socket},
 * and the server cancels a statement that runs longer than {@code statement} (so a slow statement
 * is told apart from a lost connection, and the server stops working on it).
 *
 * <p>The server needs a bound of its own: a transaction whose client vanished behind such a path
 * stays open on the server, holding its row locks, until the server's TCP keepalive notices (two
 * hours by default), and every later writer of those rows waits for it (a projection's offset row,
 * seen in NetworkPartitionTest). So the server also ends a session that sits idle inside a
 * transaction for longer than {@code statement}; our transactions never wait for their client that
 * long.
 *
 * @param connect opening a connection and logging in
 * @param socket waiting for any bytes of an answer; longer than {@code statement}, so the server
 *     reports a slow statement before the client abandons the connection
 * @param statement a statement's run time on the server, and how long a session may sit idle inside
 *     a transaction (0: neither)
 */
public record ConnectionTimeouts(Duration connect, Duration socket, Duration statement) {

  /** The defaults of {@code reservation.db.timeouts}. */
  public static final ConnectionTimeouts DEFAULT =
      new ConnectionTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10));

  public ConnectionTimeouts {
    if (connect.isNegative() || socket.isNegative() || statement.isNegative())
      throw new IllegalArgumentException("connection timeouts cannot be negative");
    if (!socket.isZero() && !statement.isZero() && socket.compareTo(statement) <= 0)
      throw new IllegalArgumentException(
          "reservation.db.timeouts.socket ("
              + socket
              + ") must be longer than statement ("
              + statement
              + "): set it a few seconds longer");
  }

  public static ConnectionTimeouts fromConfig(Config timeouts) {
    return new ConnectionTimeouts(
        timeouts.getDuration("connect"),
        timeouts.getDuration("socket"),
        timeouts.getDuration("statement"));
  }

  /** The same without a limit on statements and answers, for long maintenance work. */
  public ConnectionTimeouts withoutStatementLimit() {
    return new ConnectionTimeouts(connect, Duration.ZERO, Duration.ZERO);
  }

  /** Sets these on a pool's connections (driver properties, read when a connection opens). */
  public void applyTo(HikariConfig config) {
    // pgjdbc takes whole seconds; round up so that a sub-second setting is never "no timeout".
    config.addDataSourceProperty("connectTimeout", seconds(connect));
    config.addDataSourceProperty("loginTimeout", seconds(connect));
    config.addDataSourceProperty("socketTimeout", seconds(socket));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    if (!statement.isZero())
      config.addDataSourceProperty(
          "options",
          "-c statement_timeout="
              + statement.toMillis()
              + " -c idle_in_transaction_session_timeout="
              + statement.toMillis());
  }

  private static String seconds(Duration duration) {
    if (duration.isZero()) return "0";
    return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
  }
}
