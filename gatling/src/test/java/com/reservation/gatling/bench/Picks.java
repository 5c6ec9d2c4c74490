package com.reservation.gatling.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Choices and customers as pure functions of (seed, stream, n), taken by a shared counter: the same
 * seed sends the same sequence of customers and slots (which user sends which depends on timing),
 * with no lock and no feeder (a feeder copies its record into the session on every request).
 */
public final class Picks {
  private final long seed;
  private final AtomicLong next = new AtomicLong();

  public Picks(long seed, String stream) {
    this.seed = seed * 0x9E3779B97F4A7C15L + stream.hashCode();
  }

  /** The next choice in [0, bound). */
  public int next(int bound) {
    return (int)
        Long.remainderUnsigned(mix(seed + next.getAndIncrement() * 0xBF58476D1CE4E5B9L), bound);
  }

  /** SplitMix64's finaliser: a well-spread 64-bit value for each input. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Booking bodies, one new customer each ({@code <stream>-<seed>-<n>}), with a fixed contact. */
  public static final class Customers {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public Customers(long seed, String stream) {
      this.prefix = "{\"customerId\":\"" + stream + "-" + Long.toString(Math.abs(seed), 36) + "-";
    }

    public String nextBody() {
      return prefix
          + next.getAndIncrement()
          + "\",\"seats\":1,\"contact\":{\"name\":\"Aisyah\",\"phone\":\"0123456789\"}}";
    }
  }
}
