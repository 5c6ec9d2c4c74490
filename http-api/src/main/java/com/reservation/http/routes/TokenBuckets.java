package com.reservation.http.routes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per client key: {@code burst} tokens, refilled at {@code perSecond}; a request
 * takes one. Bounded: a bucket that has refilled completely is the same as no bucket, so such
 * buckets are dropped (at most once per {@link #SWEEP_EVERY_NANOS}, so a flood of new keys cannot
 * make every request pay for a sweep); while {@code maxClients} buckets are in use anyway, new
 * clients share one overflow bucket.
 */
final class TokenBuckets {
  static final long SWEEP_EVERY_NANOS = 10_000_000_000L;

  private final double tokensPerNano;
  private final double capacity;
  private final int maxClients;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Bucket overflow;
  private final AtomicLong nextSweep;

  TokenBuckets(double perSecond, int burst, int maxClients, LongSupplier nanoClock) {
    this.tokensPerNano = perSecond / 1e9;
    this.capacity = burst;
    this.maxClients = maxClients;
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    this.overflow = new Bucket(capacity, now);
    this.nextSweep = new AtomicLong(now + SWEEP_EVERY_NANOS);
  }

  /**
   * Takes a token for {@code client}: 0 when it had one, else the nanoseconds until it will have
   * one.
   */
  long take(String client) {
    long now = nanoClock.getAsLong();
    long sweepAt = nextSweep.get();
    if (now - sweepAt >= 0 && nextSweep.compareAndSet(sweepAt, now + SWEEP_EVERY_NANOS)) sweep(now);
    Bucket bucket = buckets.get(client);
    if (bucket == null) {
      bucket =
          buckets.size() < maxClients
              ? buckets.computeIfAbsent(client, key -> new Bucket(capacity, now))
              : overflow;
    }
    return bucket.take(now);
  }

  int size() {
    return buckets.size();
  }

  private void sweep(long now) {
    buckets.values().removeIf(bucket -> bucket.fullAt(now));
  }

  private final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      if (now - at > 0) {
        tokens = Math.min(capacity, tokens + (now - at) * tokensPerNano);
        at = now;
      }
    }
  }
}
