package com.reservation.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.reservation.baseline.Messages.BookOutcome;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/** lock-best: one statement per booking in auto-commit; its pool resizes while in use. */
class LockBestStoreTest extends SqlStoreContract {
  private HikariDataSource pool;

  @Override
  SqlStore store(HikariDataSource pool) {
    this.pool = pool;
    return new LockBestStore(pool, size -> LockBestStore.resizePool(pool, size));
  }

  @Override
  boolean autoCommit() {
    return true;
  }

  @Test
  void thePoolResizesUnderUse() throws Exception {
    store.resize(4);
    assertEquals(4, pool.getHikariConfigMXBean().getMaximumPoolSize());
    assertInstanceOf(
        BookOutcome.Confirmed.class, store.book(SLOT_PREFIX + "0950", "pooled-1", 1, null));
    store.resize(32);
    assertEquals(32, pool.getHikariConfigMXBean().getMaximumPoolSize());
    assertInstanceOf(
        BookOutcome.Confirmed.class, store.book(SLOT_PREFIX + "0950", "pooled-2", 1, null));
    store.resize(16);
  }
}
