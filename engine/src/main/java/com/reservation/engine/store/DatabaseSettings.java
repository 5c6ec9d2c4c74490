package com.reservation.engine.store;

import com.typesafe.config.Config;

/**
 * Where PostgreSQL is and how many connections our own queries may hold ({@code reservation.db}).
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

  public static DatabaseSettings fromConfig(Config db) {
    return new DatabaseSettings(
        db.getString("url"),
        db.getString("user"),
        db.getString("password"),
        db.getInt("pool-size"));
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
        + "]";
  }
}
