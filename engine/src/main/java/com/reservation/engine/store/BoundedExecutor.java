package com.reservation.engine.store;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that takes at most {@code limit} tasks at a time (queued or running) and refuses the
 * next with a {@link Full} at once. Wrapped around the JDBC dispatcher, whose own queue is
 * unbounded (and whose Akka rejection handler would run a refused task on the caller's thread):
 * while the store is slow, work piles up here only to the limit, and the HTTP layer answers 503
 * {@code overloaded} for the rest instead of growing a queue into timeouts.
 */
public final class BoundedExecutor implements Executor {
  private final Executor delegate;
  private final int limit;
  private final AtomicInteger taken = new AtomicInteger();

  public BoundedExecutor(Executor delegate, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
    this.delegate = delegate;
    this.limit = limit;
  }

  @Override
  public void execute(Runnable task) {
    if (taken.incrementAndGet() > limit) {
      taken.decrementAndGet();
      throw new Full(limit);
    }
    try {
      delegate.execute(
          () -> {
            try {
              task.run();
            } finally {
              taken.decrementAndGet();
            }
          });
    } catch (RuntimeException e) {
      taken.decrementAndGet();
      throw e;
    }
  }

  /** Tasks queued or running now. */
  public int taken() {
    return taken.get();
  }

  /**
   * The executor has {@code limit} tasks already: the caller is overloaded, the store may be fine.
   */
  public static final class Full extends RejectedExecutionException {
    Full(int limit) {
      super("the JDBC executor has " + limit + " tasks queued or running");
    }
  }
}
