package com.reservation.gatling.support;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Infinite feeders whose records are a pure function of (seed, stream name, record number): a run
 * replays exactly when it is given the same seed. Each stream has its own generator, so adding a
 * stream never shifts another.
 */
public final class Feeders {
  private static final List<String> NAMES =
      List.of(
          "Aisyah",
          "Fadhil",
          "Mei Ling",
          "Arjun",
          "Nurul",
          "Wei Jie",
          "Priya",
          "Hafiz",
          "Siti",
          "Kumar");

  private Feeders() {}

  /**
   * Customers: {@code customerId} (unique within the stream and seed), {@code name}, {@code phone}.
   *
   * @param stream distinguishes the customers of different simulations or phases
   */
  public static Iterator<Map<String, Object>> customers(long seed, String stream) {
    String prefix = stream + "-" + Long.toString(Math.abs(seed), 36);
    return generated(
        seed,
        stream,
        (random, n) -> {
          // The number keeps ids unique; the random part makes them look like real, unordered ids.
          String id = prefix + "-" + Integer.toString(random.nextInt(1 << 30), 36) + "-" + n;
          return Map.of(
              "customerId",
              id,
              "name",
              NAMES.get(random.nextInt(NAMES.size())),
              "phone",
              "01" + (10_000_000 + random.nextInt(90_000_000)));
        });
  }

  /** Uniform picks: {@code key} in [0, bound). */
  public static Iterator<Map<String, Object>> picks(long seed, String key, int bound) {
    return generated(seed, key, (random, n) -> Map.of(key, random.nextInt(bound)));
  }

  /** Records built by {@code make} from a seeded generator; safe to share between virtual users. */
  public static Iterator<Map<String, Object>> generated(
      long seed, String stream, RecordMaker make) {
    SplittableRandom random = new SplittableRandom(seed * 31 + stream.hashCode());
    return new Iterator<>() {
      private long n;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public synchronized Map<String, Object> next() {
        return make.make(random, n++);
      }
    };
  }

  /** Makes record number {@code n} from the stream's generator. */
  @FunctionalInterface
  public interface RecordMaker {
    Map<String, Object> make(SplittableRandom random, long n);
  }
}
