package com.reservation.http.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking often; tests never sleep a fixed time. */
public final class Polling {
  private Polling() {}

  /**
   * Returns how long the condition took to hold; fails the test if it does not hold within {@code
   * timeout}.
   */
  public static Duration until(Duration timeout, BooleanSupplier condition, String what) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) return Duration.ofNanos(System.nanoTime() - start);
      if (System.nanoTime() - deadline > 0)
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
