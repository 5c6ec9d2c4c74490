package com.reservation.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The connection pool for the engine's own queries (catalog, venues, read model, projection
 * offsets).
 */
public final class Database {
  private Database() {}

  public static HikariDataSource pool(DatabaseSettings settings, String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(2_000);
    // Fail fast at start when the database is unreachable, with the driver's reason.
    config.setInitializationFailTimeout(10_000);
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    settings.timeouts().applyTo(config);
    return new HikariDataSource(config);
  }

  /** True when the database answers a trivial query within a second. */
  public static boolean isReachable(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }
}
