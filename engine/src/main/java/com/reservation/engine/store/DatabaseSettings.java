package com.reservation.engine.store;

import com.typesafe.config.Config;

/**
 * Where PostgreSQL is, how many connections our own queries may hold and how long any of them may
 * wait ({@code reservation.db}).
 */
public record DatabaseSettings(
    String url, String user, String password, int poolSize, ConnectionTimeouts timeouts) {

  /** With the default timeouts. */
  public DatabaseSettings(String url, String user, String password, int poolSize) {
    this(url, user, password, poolSize, ConnectionTimeouts.DEFAULT);
  }

  public static DatabaseSettings fromConfig(Config db) {
    return new DatabaseSettings(
        db.getString("url"),
        db.getString("user"),
        db.getString("password"),
        db.getInt("pool-size"),
        ConnectionTimeouts.fromConfig(db.getConfig("timeouts")));
  }

  /** The same database with other timeouts (maintenance commands lift the statement limit). */
  public DatabaseSettings withTimeouts(ConnectionTimeouts other) {
    return new DatabaseSettings(url, user, password, poolSize, other);
  }

  /** The same database with a pool of another size. */
  public DatabaseSettings withPoolSize(int size) {
    return new DatabaseSettings(url, user, password, size, timeouts);
  }

  /** The URL with credentials removed, for logs. */
  public String redactedUrl() {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + redactedUrl()
        + ", user="
        + user
        + ", password=****, poolSize="
        + poolSize
        + ", timeouts="
        + timeouts
        + "]";
  }
}
