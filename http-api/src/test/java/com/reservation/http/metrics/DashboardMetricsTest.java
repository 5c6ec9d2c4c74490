package com.reservation.http.metrics;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' dashboard (cluster-config/grafana) queries only metrics a node exports: every
 * metric name in its PromQL is in a real node's {@code GET /metrics} after a few bookings. A
 * renamed metric fails here, not on a blank panel in production.
 */
class DashboardMetricsTest {
  /** Surefire runs in the module directory; the dashboard lives beside it in the repository. */
  static final Path DASHBOARD =
      Path.of("..", "cluster-config", "grafana", "dashboards", "reservation-engine.json");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "by", "without");

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir, Map.of("reservation.http.projection-lag-refresh", "200ms"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws IOException {
    Set<String> queried = dashboardMetrics();
    String contentType =
        node.get("/metrics").contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    assertTrue(
        contentType.startsWith("text/plain;") && contentType.contains("version=0.0.4"),
        contentType);
    assertTrue(queried.size() >= 15, "the dashboard's queries were not read: " + queried);

    String venue = node.newVenue("dashboard");
    LocalDate day = node.schedule(venue, 0, 2);
    String slot = ApiClient.slotId(venue, day);
    for (int i = 0; i < 3; i++) node.book(slot, "dashboard-" + i); // two created, one slot-full
    // GC pauses are exported from the first collection on; ask for one rather than wait for it.
    System.gc();

    try {
      Polling.until(
          Duration.ofSeconds(20),
          () -> missing(queried, node.get("/metrics").body()).isEmpty(),
          "every metric the dashboard queries to be exported");
    } catch (AssertionError e) {
      fail(
          "the node does not export "
              + missing(queried, node.get("/metrics").body())
              + " ("
              + e.getMessage()
              + ")");
    }
  }

  @Test
  void metricNamesAreReadFromPromQl() {
    assertEquals(
        Set.of("reservation_journal_flush_rows_sum", "reservation_journal_flush_rows_count"),
        metricNames(
            "sum by (instance) (rate(reservation_journal_flush_rows_sum{instance=~\"$instance\"}[$__rate_interval]))"
                + " / sum without (le) (rate(reservation_journal_flush_rows_count[5m]))"));
    assertEquals(
        Set.of("reservation_http_request_duration_seconds_bucket"),
        metricNames(
            "histogram_quantile(0.99, sum by (le, route) (rate(reservation_http_request_duration_seconds_bucket"
                + "{route=\"/slots/{slotId}/bookings\"}[1m])))"));
  }

  static Set<String> dashboardMetrics() throws IOException {
    JsonNode dashboard = ApiClient.JSON.readTree(Files.readString(DASHBOARD));
    Set<String> names = new TreeSet<>();
    for (JsonNode expr : dashboard.findValues("expr")) names.addAll(metricNames(expr.asText()));
    return names;
  }

  /**
   * The metric names in a PromQL expression: identifiers left once strings, label matchers, ranges
   * and grouping clauses are gone, that are neither functions (followed by a parenthesis) nor
   * keywords.
   */
  static Set<String> metricNames(String expr) {
    String rest =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
            .replaceAll("\\$\\w+", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      if (m.group(1) != null || KEYWORDS.contains(m.group())) continue;
      if (m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1))) continue; // 1e3, 5m
      names.add(m.group());
    }
    return names;
  }

  private static Set<String> missing(Set<String> names, String exposition) {
    Set<String> exported =
        Arrays.stream(exposition.split("\n"))
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .map(line -> line.split("[{ ]", 2)[0])
            .collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>(names);
    missing.removeAll(exported);
    return missing;
  }
}
