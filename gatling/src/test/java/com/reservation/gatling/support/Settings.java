package com.reservation.gatling.support;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything a simulation takes from outside, as system properties ({@code -Dname=value} on the
 * Maven or java command line). Each simulation passes its own defaults.
 *
 * <ul>
 *   <li>{@code baseUrls}: comma-separated targets, default {@code http://127.0.0.1:8080}; virtual
 *       users are spread over them round-robin (each user keeps the node it was given).
 *   <li>{@code users}, {@code rate} (users per second), {@code duration} and {@code ramp}
 *       (seconds), {@code warmup} (seconds of unmeasured load first, closed workloads), {@code
 *       model} ({@code open} or {@code closed}).
 *   <li>{@code seed}: every random choice comes from it, so a run against a fresh node is replayed
 *       exactly.
 *   <li>{@code namespace}: prefix of the venue ids the simulation seeds, default {@code g<seed>};
 *       pass another one to run again on a node that already has this seed's data.
 *   <li>{@code startDate}: first day of the seeded slots, default the day after tomorrow (UTC);
 *       pass it to replay with identical slot ids on another day.
 *   <li>{@code adminToken} (or the environment's {@code RESERVATION_ADMIN_TOKEN}): when set, the
 *       simulation seeds its venues and schedules through the admin API before the load starts;
 *       otherwise they must exist.
 *   <li>{@code p99Ms}: when set, an extra assertion that the 99th percentile stays below it.
 *   <li>{@code customerLimit}: when set (hot-slot simulations), the seeded venue gets {@code
 *       maxActiveBookingsPerCustomer} of this value, so every booking goes through the customer's
 *       allowance: run with and without it to measure what the limit costs on the hot path.
 * </ul>
 */
public final class Settings {
  private Settings() {}

  public static List<String> baseUrls() {
    String value = System.getProperty("baseUrls", "http://127.0.0.1:8080");
    List<String> urls =
        Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Settings::stripSlash)
            .toList();
    if (urls.isEmpty()) throw new IllegalArgumentException("-DbaseUrls is empty");
    return urls;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public static int intValue(String name, int defaultValue) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) return defaultValue;
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + name + " must be an integer, not " + value);
    }
  }

  public static double doubleValue(String name, double defaultValue) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? defaultValue : Double.parseDouble(value.trim());
  }

  public static int users(int defaultValue) {
    return intValue("users", defaultValue);
  }

  public static double rate(double defaultValue) {
    return doubleValue("rate", defaultValue);
  }

  public static Duration duration(int defaultSeconds) {
    return Duration.ofSeconds(intValue("duration", defaultSeconds));
  }

  public static Duration ramp(int defaultSeconds) {
    return Duration.ofSeconds(intValue("ramp", defaultSeconds));
  }

  public static Duration warmup(int defaultSeconds) {
    return Duration.ofSeconds(intValue("warmup", defaultSeconds));
  }

  public static boolean closedModel(boolean defaultClosed) {
    String model = System.getProperty("model", defaultClosed ? "closed" : "open");
    return switch (model) {
      case "closed" -> true;
      case "open" -> false;
      default -> throw new IllegalArgumentException("-Dmodel is open or closed, not " + model);
    };
  }

  public static long seed() {
    return Long.parseLong(System.getProperty("seed", "42"));
  }

  public static String namespace() {
    String namespace =
        System.getProperty("namespace", "g" + seed()).toLowerCase(java.util.Locale.ROOT);
    if (!namespace.matches("[a-z0-9-]{1,24}")) {
      throw new IllegalArgumentException("-Dnamespace must match [a-z0-9-]{1,24}: " + namespace);
    }
    return namespace;
  }

  public static LocalDate startDate() {
    String value = System.getProperty("startDate");
    return value == null || value.isBlank()
        ? LocalDate.now(ZoneOffset.UTC).plusDays(2)
        : LocalDate.parse(value);
  }

  public static Optional<String> adminToken() {
    String token = System.getProperty("adminToken", System.getenv("RESERVATION_ADMIN_TOKEN"));
    return Optional.ofNullable(token).filter(t -> !t.isBlank());
  }

  public static Optional<Integer> p99Ms() {
    int value = intValue("p99Ms", 0);
    return value > 0 ? Optional.of(value) : Optional.empty();
  }

  /** {@code -DcustomerLimit}: the per-customer limit to set on the seeded venue, if any. */
  public static Optional<Integer> customerLimit() {
    int value = intValue("customerLimit", 0);
    return value > 0 ? Optional.of(value) : Optional.empty();
  }

  /** One line that says what the run was given, so a report can be replayed from its log. */
  public static String describe(String simulation, String load) {
    return simulation
        + " baseUrls="
        + String.join(",", baseUrls())
        + " seed="
        + seed()
        + " namespace="
        + namespace()
        + " startDate="
        + startDate()
        + " "
        + load;
  }
}
