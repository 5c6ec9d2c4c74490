package com.reservation.gatling.bench;

/**
 * A server under test: its name ({@code engine}, {@code lock-naive}, {@code lock-best}, {@code
 * redis-always}, {@code redis-everysec}), its base URL, the pid of its JVM (0 if unknown), and the
 * keys of the CPU readings ({@link CpuSample#since}) of its JVM ({@code engine} or {@code
 * baseline}: every rival runs in the one baseline JVM) and of its store ({@code postgres}, {@code
 * redis_always}, {@code redis_everysec}).
 */
public record Target(String name, String url, long pid, String jvm, String store) {
  /** The engine, on the node's PostgreSQL. */
  public static Target engine(String url, long pid) {
    return new Target("engine", url, pid, "engine", "postgres");
  }

  /** A rival in the baseline JVM, on the given store. */
  public static Target rival(String name, String url, long pid, String store) {
    return new Target(name, url, pid, "baseline", store);
  }

  public boolean isRival() {
    return !"engine".equals(jvm);
  }
}
