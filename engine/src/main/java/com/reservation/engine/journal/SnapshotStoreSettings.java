package com.reservation.engine.journal;

import com.typesafe.config.Config;

/**
 * The snapshot store plugin's settings (its section, {@code reservation-snapshot-store} by
 * default); the database it reads is the one of the journal section it names.
 *
 * @param poolSize connections (and threads) of the store: loads, saves and deletes
 * @param maxConcurrentLoads load statements in flight at once; while they run, new loads gather
 *     into the next one
 * @param maxLoadsPerStatement entities one load statement reads at most
 */
record SnapshotStoreSettings(
    JournalSettings journal, int poolSize, int maxConcurrentLoads, int maxLoadsPerStatement) {

  static SnapshotStoreSettings fromConfig(Config section, Config root) {
    return new SnapshotStoreSettings(
        JournalSettings.fromConfig(root.getConfig(section.getString("journal"))),
        section.getInt("pool-size"),
        section.getInt("max-concurrent-loads"),
        section.getInt("max-loads-per-statement"));
  }
}
