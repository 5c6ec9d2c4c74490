package com.reservation.gatling.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeded Zipf-like choices in [0, n): rank k (0-based) is drawn with a weight of {@code 1 / (k +
 * 1)^exponent}, so rank 0 is the most wanted and the preference falls off as a power law (exponent
 * 0: uniform; 1: classic Zipf). Like {@link Picks}, each choice is a pure function of (seed,
 * stream, n-th call), taken by a shared counter: no lock, the same seed gives the same sequence.
 */
public final class Zipf {
  private final double[] cumulative;
  private final long seed;
  private final AtomicLong next = new AtomicLong();

  public Zipf(long seed, String stream, int n, double exponent) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1");
    if (exponent < 0) throw new IllegalArgumentException("the exponent must not be negative");
    this.seed = seed * 0x9E3779B97F4A7C15L + stream.hashCode();
    this.cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) cumulative[k] /= sum;
    cumulative[n - 1] = 1.0;
  }

  /** The probability of rank {@code k}. */
  public double probability(int k) {
    return k == 0 ? cumulative[0] : cumulative[k] - cumulative[k - 1];
  }

  public int size() {
    return cumulative.length;
  }

  /** The next choice. */
  public int next() {
    long bits = Picks.mix(seed + next.getAndIncrement() * 0xBF58476D1CE4E5B9L);
    return rank((bits >>> 11) * 0x1.0p-53);
  }

  /**
   * The rank of a uniform draw {@code u} in [0, 1): the first rank whose cumulative weight exceeds
   * it.
   */
  int rank(double u) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > u) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
