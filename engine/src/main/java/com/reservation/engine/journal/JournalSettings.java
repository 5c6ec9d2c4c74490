package com.reservation.engine.journal;

import com.reservation.engine.store.ConnectionTimeouts;
import com.typesafe.config.Config;

/**
 * The journal plugin's settings (its section of the configuration, {@code reservation-journal} by
 * default).
 *
 * @param poolSize connections (and threads) of the journal: writes plus recovery reads
 * @param maxConcurrentWrites flushes in flight at once; while they run, new writes gather into the
 *     next one
 * @param maxRowsPerWrite rows one flush inserts at most
 * @param replayFetchSize rows fetched per round trip while replaying a long history
 * @param timeouts how long its connections may wait (a write that waits longer fails, and its
 *     entity recovers)
 */
record JournalSettings(
    String url,
    String user,
    String password,
    int poolSize,
    int maxConcurrentWrites,
    int maxRowsPerWrite,
    int replayFetchSize,
    ConnectionTimeouts timeouts) {

  static JournalSettings fromConfig(Config config) {
    return new JournalSettings(
        config.getString("url"),
        config.getString("user"),
        config.getString("password"),
        config.getInt("pool-size"),
        config.getInt("max-concurrent-writes"),
        config.getInt("max-rows-per-write"),
        config.getInt("replay-fetch-size"),
        config.hasPath("timeouts")
            ? ConnectionTimeouts.fromConfig(config.getConfig("timeouts"))
            : ConnectionTimeouts.DEFAULT);
  }

  @Override
  public String toString() {
    return "JournalSettings[poolSize="
        + poolSize
        + ", maxConcurrentWrites="
        + maxConcurrentWrites
        + ", maxRowsPerWrite="
        + maxRowsPerWrite
        + ", timeouts="
        + timeouts
        + "]";
  }
}
