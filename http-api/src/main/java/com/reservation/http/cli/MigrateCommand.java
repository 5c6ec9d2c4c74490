package com.reservation.http.cli;

import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.http.node.NodeSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Creates or completes the schema (idempotent, under an advisory lock) and exits. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description =
        "Create or complete the database schema, then exit. Safe to run again and from several nodes at once.")
public final class MigrateCommand implements Callable<Integer> {
  @Mixin NodeOptions options;

  @Override
  public Integer call() {
    EmbeddedDatabase embedded = null;
    try {
      NodeSettings settings = options.settings();
      DatabaseSettings db;
      if (settings.dbUrl().isPresent()) {
        db = DatabaseSettings.fromConfig(settings.config().getConfig("reservation.db"));
      } else {
        embedded = EmbeddedDatabase.start(settings.dataDir(), settings.embeddedDbPort());
        db = new DatabaseSettings(embedded.url(), embedded.user(), embedded.password(), 2);
      }
      try (HikariDataSource pool = Database.pool(db, "migrate")) {
        SchemaMigration.Result result = SchemaMigration.migrate(pool);
        System.out.println(
            "Schema is at version " + result.schemaVersion() + " on " + db.redactedUrl());
      }
      return 0;
    } catch (Exception e) {
      System.err.println("reservation-engine migrate: " + e.getMessage());
      return 1;
    } finally {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (Exception ignored) {
          // The migration's outcome is already reported.
        }
      }
    }
  }
}
