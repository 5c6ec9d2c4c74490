package com.reservation.gatling.rush;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every answer of the simulation counted by request name and HTTP status ({@code none} when no
 * answer came: a timeout or a refused connection), with {@code KO} added when a check failed. The
 * report judges these (no 5xx, nothing unanswered); Gatling's own statistics keep only OK and KO.
 */
public final class Outcomes {
  /** The session attribute every counted request saves its status in (its first check). */
  public static final String HTTP_STATUS = "httpStatus";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  /**
   * {@code request}, counted; its first check must be {@code status().saveAs(HTTP_STATUS)}. The
   * session is marked succeeded again afterwards, so one failed answer does not colour the rest of
   * the journey.
   */
  public ChainBuilder counted(String name, HttpRequestActionBuilder request) {
    return exec(session -> session.remove(HTTP_STATUS).markAsSucceeded())
        .exec(request)
        .exec(session -> record(name, session));
  }

  private Session record(String name, Session session) {
    String key = name + " " + status(session);
    if (session.isFailed()) key += " KO";
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    total.increment();
    return session.markAsSucceeded();
  }

  /** The status the last counted request saved, or "none". */
  public static String status(Session session) {
    return session.contains(HTTP_STATUS) ? String.valueOf(session.getInt(HTTP_STATUS)) : "none";
  }

  public static int statusCode(Session session) {
    return session.contains(HTTP_STATUS) ? session.getInt(HTTP_STATUS) : 0;
  }

  public long total() {
    return total.sum();
  }

  /** Requests whose name is {@code name}, any status. */
  public long of(String name) {
    long sum = 0;
    for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
      if (e.getKey().startsWith(name + " ")) sum += e.getValue().sum();
    }
    return sum;
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }
}
