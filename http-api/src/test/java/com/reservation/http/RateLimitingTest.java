package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limiting switched on ({@code reservation.http.rate-limit}; off by default, which every other
 * test relies on): a client beyond its burst gets 429 {@code rate-limited} problem+json with {@code
 * Retry-After}; a trusted proxy's clients (127.0.0.1 is trusted here) are told apart by {@code
 * X-Forwarded-For}, and an address a client writes into that header itself buys it nothing; health
 * checks and metrics are never limited; the OpenAPI document says so.
 */
class RateLimitingTest {
  private static final int BURST = 5;

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            dataDir,
            Map.of(
                "reservation.http.rate-limit.enabled",
                "on",
                // Slow enough that the test's own pace never refills a bucket by a whole token
                // between requests.
                "reservation.http.rate-limit.requests-per-second",
                0.2,
                "reservation.http.rate-limit.burst",
                BURST,
                "reservation.http.rate-limit.trusted-proxies",
                List.of("127.0.0.1")));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static Response get(String path, String forwardedFor) {
    HttpRequest.Builder request = node.request(path).GET();
    if (forwardedFor != null) request.header("X-Forwarded-For", forwardedFor);
    return node.send(request.build());
  }

  /**
   * Requests until the first 429 (at most 3 x BURST); returns how many were let through before it.
   */
  private static int letThroughBefore429(String path, String forwardedFor) {
    for (int i = 0; i < 3 * BURST; i++) {
      Response answer = get(path, forwardedFor);
      if (answer.status() == 429) {
        assertRateLimited(answer);
        return i;
      }
    }
    throw new AssertionError("never rate-limited");
  }

  private static void assertRateLimited(Response answer) {
    assertEquals(429, answer.status());
    assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
    JsonNode body = answer.json();
    assertEquals("/problems/rate-limited", body.path("type").asText());
    assertEquals(429, body.path("status").asInt());
    assertFalse(body.path("title").asText().isEmpty());
    assertFalse(body.path("detail").asText().isEmpty());
    int retryAfter = Integer.parseInt(answer.header("Retry-After"));
    assertTrue(
        retryAfter >= 1 && retryAfter <= 5,
        "Retry-After " + retryAfter + " s: one token at 0.2 per second");
  }

  @Test
  void aClientBeyondItsBurstIsToldToWait() {
    // The burst is spent on any route, found or not.
    int through = letThroughBefore429("/slots/nowhere_20261201_0900", "198.51.100.10");
    assertEquals(BURST, through, "exactly the burst went through");
    assertRateLimited(get("/openapi.yaml", "198.51.100.10"));
    // Another client behind the same proxy has a bucket of its own.
    assertEquals(BURST, letThroughBefore429("/openapi.yaml", "198.51.100.11"));
  }

  @Test
  void aClientCannotPickABucketByWritingTheHeaderItself() {
    assertEquals(BURST, letThroughBefore429("/openapi.yaml", "198.51.100.20"));
    // The proxy appended the real client (198.51.100.20) after whatever the client sent: still the
    // same bucket.
    for (String spoofed :
        List.of(
            "203.0.113.1, 198.51.100.20", "203.0.113.2,198.51.100.20", "10.0.0.1, 198.51.100.20")) {
      assertRateLimited(get("/openapi.yaml", spoofed));
    }
  }

  @Test
  void theProxyItselfIsAClientToo() {
    // No X-Forwarded-For: the trusted peer (127.0.0.1) is the client.
    assertEquals(BURST, letThroughBefore429("/openapi.yaml", null));
    assertEquals(
        BURST,
        letThroughBefore429("/openapi.yaml", "unknown, 198.51.100.30"),
        "198.51.100.30's own bucket");
  }

  @Test
  void healthChecksAndMetricsAreNeverLimited() {
    assertEquals(BURST, letThroughBefore429("/openapi.yaml", "198.51.100.40"));
    for (int i = 0; i < 3 * BURST; i++) {
      assertEquals(200, get("/health/live", "198.51.100.40").status());
      assertEquals(200, get("/metrics", "198.51.100.40").status());
    }
    Polling.until(
        Duration.ofSeconds(10),
        () -> get("/health/ready", "198.51.100.40").status() == 200,
        "ready");
  }

  @Test
  void aBucketRefillsAtItsRate() {
    assertEquals(BURST, letThroughBefore429("/openapi.yaml", "198.51.100.50"));
    Duration refilled =
        Polling.until(
            Duration.ofSeconds(15),
            () -> get("/openapi.yaml", "198.51.100.50").status() == 200,
            "a token back");
    assertTrue(
        refilled.compareTo(Duration.ofSeconds(1)) > 0, "not before the rate allows: " + refilled);
  }

  @Test
  void theDocumentListsRateLimitedForEveryLimitedOperation() throws IOException {
    JsonNode document;
    try (InputStream in = RateLimitingTest.class.getResourceAsStream("/openapi.yaml")) {
      document = new YAMLMapper().readTree(in);
    }
    JsonNode rateLimited = document.path("components").path("responses").path("RateLimited");
    assertTrue(rateLimited.path("description").asText().contains("rate-limited"));
    assertTrue(rateLimited.path("headers").has("Retry-After"));
    Set<String> neverLimited = Set.of("/health/live", "/health/ready", "/metrics");
    int operations = 0;
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        JsonNode responses = operation.getValue().path("responses");
        if (responses.isMissingNode()) continue;
        operations++;
        assertEquals(
            !neverLimited.contains(path.getKey()),
            responses.has("429"),
            operation.getKey()
                + " "
                + path.getKey()
                + ": 429 is listed exactly where rate limiting applies");
      }
    }
    assertTrue(operations > 10);
  }
}
