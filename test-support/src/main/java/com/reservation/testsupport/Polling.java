package com.reservation.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The tests' one way to wait: check something again and again until it holds or a deadline passes;
 * tests never sleep a fixed time. A check that throws (an ask that timed out, a connection refused,
 * an assertion not yet true) counts as "not yet". On the deadline the test fails with an {@link
 * AssertionError} that names what was awaited, how long, how often it was checked, the last value
 * seen and the last failure (as its cause), so a timeout says what the system was doing.
 */
public final class Polling {
  /** Often enough to measure a lag in milliseconds, as the staleness tests do. */
  public static final Duration OFTEN = Duration.ofMillis(10);

  private Polling() {}

  /** Something read once per check; it may throw, which counts as "not yet". */
  @FunctionalInterface
  public interface Probe<T> {
    T read() throws Exception;
  }

  /**
   * Checks {@code condition} every {@link #OFTEN} until it holds; returns how long that took, or
   * fails the test after {@code timeout}.
   */
  public static Duration until(Duration timeout, BooleanSupplier condition, String what) {
    return until(timeout, OFTEN, condition, what);
  }

  /**
   * Checks {@code condition} every {@code interval} (a check that costs the system under test, such
   * as a query or a cluster-wide ask, is asked less often) until it holds; returns how long that
   * took, or fails the test after {@code timeout}.
   */
  public static Duration until(
      Duration timeout, Duration interval, BooleanSupplier condition, String what) {
    long start = System.nanoTime();
    until(timeout, interval, condition::getAsBoolean, held -> held, what);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Runs {@code check} every {@code interval} until it returns without throwing (its assertions
   * hold); returns what it returned, or fails the test after {@code timeout} with its last failure
   * as the cause.
   */
  public static <T> T untilPasses(
      Duration timeout, Duration interval, Probe<T> check, String what) {
    return until(timeout, interval, check, value -> true, what);
  }

  /**
   * Reads {@code probe} every {@code interval} until {@code accepted} holds for what it read;
   * returns that value, or fails the test after {@code timeout} naming the last value read.
   */
  public static <T> T until(
      Duration timeout,
      Duration interval,
      Probe<T> probe,
      Predicate<? super T> accepted,
      String what) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    int checks = 0;
    T last = null;
    boolean read = false;
    Throwable failure = null;
    while (true) {
      checks++;
      try {
        T value = probe.read();
        if (accepted.test(value)) return value;
        last = value;
        read = true;
        failure = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      } catch (Exception | AssertionError notYet) {
        failure = notYet;
      }
      if (System.nanoTime() - deadline >= 0) {
        StringBuilder message =
            new StringBuilder("timed out after ")
                .append(timeout)
                .append(" waiting for ")
                .append(what)
                .append(" (checked ")
                .append(checks)
                .append(checks == 1 ? " time" : " times");
        // A boolean condition's last value is always false: not worth saying.
        if (read && !(last instanceof Boolean)) message.append("; last seen: ").append(last);
        if (failure != null) message.append("; last failure: ").append(failure);
        throw new AssertionError(message.append(')').toString(), failure);
      }
      LockSupport.parkNanos(Math.min(interval.toNanos(), deadline - System.nanoTime()));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
