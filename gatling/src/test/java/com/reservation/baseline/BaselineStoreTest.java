package com.reservation.baseline;

import com.zaxxer.hikari.HikariDataSource;

/** lock-naive: two statements in one transaction (auto-commit off). */
class BaselineStoreTest extends SqlStoreContract {
  @Override
  SqlStore store(HikariDataSource pool) {
    return new BaselineStore(pool);
  }

  @Override
  boolean autoCommit() {
    return false;
  }
}
