package com.reservation.http.browser;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import com.reservation.testsupport.browser.HeadlessChromium;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waiting room page ({@code GET /venues/{venueId}/waiting-room}) served by a real node, and
 * used in a real browser (Debian's headless Chromium, driven over the DevTools protocol) the way a
 * person would: type a customer id, wait in line behind people who joined through the API, get in
 * when the admin raises the rate, pick a slot and book it. A screenshot of each state goes to
 * {@code target/waiting-room-screenshots/}. Without Chromium the browser tests are skipped on a
 * developer's machine and fail in CI ({@code CI=true}), which installs it.
 */
class WaitingRoomPageTest {
  static final Path SCREENSHOTS = Path.of("target", "waiting-room-screenshots");
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final Duration STEP = Duration.ofMillis(100);

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  static Path chromium() {
    Optional<Path> executable = HeadlessChromium.executable();
    if (executable.isEmpty() && "true".equals(System.getenv("CI"))) fail(HeadlessChromium.MISSING);
    assumeTrue(executable.isPresent(), HeadlessChromium.MISSING);
    return executable.get();
  }

  // ---------------------------------------------------------------- the page as served

  @Test
  void thePageIsOneDocumentWhoseInlineCodeAloneMayRun() throws Exception {
    String venue = node.newVenue("page");
    Response page = node.get("/venues/" + venue + "/waiting-room");
    assertEquals(200, page.status(), page.body());
    assertEquals("text/html; charset=UTF-8", page.contentType());
    String html = page.body();
    assertTrue(html.contains("<label for=\"customer\">Customer id</label>"), html);
    assertTrue(html.contains("aria-live=\"polite\""), "the place in line is announced");
    assertFalse(html.contains("src=\"page.js\"") || html.contains("href=\"page.css\""), html);
    assertFalse(html.contains("http://") || html.contains("https://"), "nothing from elsewhere");

    String policy = page.header("Content-Security-Policy");
    assertNotNull(policy);
    assertTrue(policy.startsWith("default-src 'none'; "), policy);
    assertTrue(policy.contains("'" + sha256(between(html, "<script>", "</script>")) + "'"), policy);
    assertTrue(policy.contains("'" + sha256(between(html, "<style>", "</style>")) + "'"), policy);
    assertEquals("nosniff", page.header("X-Content-Type-Options"));

    for (String path :
        List.of("/venues/Not_A_Venue/waiting-room", "/venues/no-such-venue-here/waiting-room")) {
      Response missing = node.get(path);
      assertEquals(404, missing.status(), path);
      assertEquals("application/problem+json", missing.contentType(), path);
      assertEquals("/problems/not-found", missing.json().path("type").asText());
    }
    Response post =
        node.send(
            node.request("/venues/" + venue + "/waiting-room")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(405, post.status(), post.body());
  }

  // ---------------------------------------------------------------- in the browser

  @Test
  void aPersonWaitsIsAdmittedAndBooksInTheBrowser() {
    Path chromium = chromium();
    String venue = node.newVenue("room");
    LocalDate day = node.schedule(venue, 0, 5);
    String slot = TestNode.slotId(venue, day, "0930");
    // One admission a minute: whoever joins behind three others waits.
    assertEquals(201, putRoom(venue, 1).status());
    for (int i = 1; i <= 3; i++) assertEquals(201, join(venue, "ahead-" + i).status());

    try (HeadlessChromium browser = HeadlessChromium.launch(chromium, PATIENCE)) {
      browser.navigate(node.baseUrl() + "/venues/" + venue + "/waiting-room");
      assertEquals(venue, browser.text("#venue"));
      browser.type("#customer", "page-customer");
      browser.click("#join-button");

      awaitState(browser, "WAITING");
      int position = Integer.parseInt(browser.text("#position"));
      // Three joined first and at most one of them is in within the first minute.
      assertTrue(position >= 3, "place " + position);
      assertTrue(browser.text("#wait").matches("about \\d+ minutes?|less than a minute"));
      assertTrue(
          ((Number) browser.evaluate("document.getElementById('progress').value")).intValue() > 0);
      String ticketId = (String) browser.evaluate("document.getElementById('room').dataset.ticket");
      JsonNode ticket = ticket(venue, ticketId);
      assertEquals("page-customer", ticket.path("customerId").asText());
      assertEquals("WAITING", ticket.path("state").asText());
      browser.screenshot(SCREENSHOTS.resolve("waiting.png"));

      assertEquals(200, putRoom(venue, 600_000).status());
      awaitState(browser, "ADMITTED");
      String radio = "input[name=slot][value=\"" + slot + "\"]";
      Polling.until(
          PATIENCE,
          STEP,
          () -> browser.text("#slots"),
          text -> text.contains("09:30 to 10:00"),
          "the day's timetable on the page");
      browser.screenshot(SCREENSHOTS.resolve("admitted.png"));

      browser.click(radio);
      browser.click("#book-button");
      awaitState(browser, "BOOKED");
      String bookingId = browser.text("#booking-id");
      browser.screenshot(SCREENSHOTS.resolve("booked.png"));

      Response booking = node.get("/slots/" + slot + "/bookings/" + bookingId);
      assertEquals(200, booking.status(), booking.body());
      assertEquals("page-customer", booking.json().path("customerId").asText());
      assertEquals("CONFIRMED", booking.json().path("status").asText());
      assertEquals(List.of(), browser.pageErrors());
    }
  }

  @Test
  void withoutEventSourceThePagePollsItsTicket() {
    Path chromium = chromium();
    String venue = node.newVenue("poll");
    node.schedule(venue, 0, 5);
    assertEquals(201, putRoom(venue, 1).status());
    for (int i = 1; i <= 2; i++) assertEquals(201, join(venue, "ahead-" + i).status());

    try (HeadlessChromium browser = HeadlessChromium.launch(chromium, PATIENCE)) {
      browser.beforeEachDocument("delete window.EventSource;");
      browser.navigate(node.baseUrl() + "/venues/" + venue + "/waiting-room");
      assertEquals(true, browser.evaluate("window.EventSource === undefined"));
      browser.type("#customer", "poller");
      browser.click("#join-button");
      awaitState(browser, "WAITING");

      assertEquals(200, putRoom(venue, 600_000).status());
      // A poll every 5 s: admitted within two polls of the rate's rise.
      awaitState(browser, "ADMITTED");
      assertEquals(List.of(), browser.pageErrors());
    }
  }

  @Test
  void withoutARoomThePersonBooksStraightAway() {
    bookStraightAway(node.newVenue("open"), "walk-in", "the page with no room to wait in");
  }

  @Test
  void afterTheRoomClosedThePersonBooksStraightAway() {
    String venue = node.newVenue("closed");
    Instant now = Instant.now();
    Response closed =
        node.admin(
            "PUT",
            "/admin/venues/" + venue + "/waiting-room",
            "{\"opensAt\":\""
                + now.minusSeconds(120)
                + "\",\"closesAt\":\""
                + now.minusSeconds(60)
                + "\",\"admitPerMinute\":1}");
    assertEquals(201, closed.status(), closed.body());
    bookStraightAway(venue, "late-comer", "the page after the room closed");
  }

  /** Joins on the page and, with no line to wait in, books the 09:00 slot without a token. */
  private void bookStraightAway(String venue, String customerId, String what) {
    Path chromium = chromium();
    LocalDate day = node.schedule(venue, 0, 5);
    String slot = TestNode.slotId(venue, day);
    try (HeadlessChromium browser = HeadlessChromium.launch(chromium, PATIENCE)) {
      browser.navigate(node.baseUrl() + "/venues/" + venue + "/waiting-room");
      browser.type("#customer", customerId);
      browser.click("#join-button");
      Polling.until(
          PATIENCE,
          STEP,
          () -> browser.text("#slots"),
          text -> text.contains("09:00 to 09:30"),
          "the timetable on " + what);
      browser.click("input[name=slot][value=\"" + slot + "\"]");
      browser.click("#book-button");
      awaitState(browser, "BOOKED");
      Response booking = node.get("/slots/" + slot + "/bookings/" + browser.text("#booking-id"));
      assertEquals(200, booking.status(), booking.body());
      assertEquals(customerId, booking.json().path("customerId").asText());
      assertEquals(List.of(), browser.pageErrors());
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void awaitState(HeadlessChromium browser, String state) {
    // The page's message rides along, so a timeout says what the page told the person.
    Polling.until(
        PATIENCE,
        STEP,
        () ->
            browser.evaluate(
                "document.getElementById('room').dataset.state + ' | '"
                    + " + document.getElementById('message').textContent"),
        seen -> ((String) seen).startsWith(state + " | "),
        "the page to show " + state);
  }

  /** The room opened a minute ago, admitting {@code perMinute}. */
  private static Response putRoom(String venue, int perMinute) {
    return node.admin(
        "PUT",
        "/admin/venues/" + venue + "/waiting-room",
        "{\"opensAt\":\""
            + Instant.now().minusSeconds(60)
            + "\",\"admitPerMinute\":"
            + perMinute
            + ",\"admissionTtlSeconds\":600}");
  }

  private static Response join(String venue, String customerId) {
    return node.send(
        node.request("/venues/" + venue + "/waiting-room/tickets")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + customerId + "\"}"))
            .build());
  }

  private static JsonNode ticket(String venue, String ticketId) {
    Response ticket = node.get("/venues/" + venue + "/waiting-room/tickets/" + ticketId);
    assertEquals(200, ticket.status(), ticket.body());
    return ticket.json();
  }

  private static String between(String text, String open, String close) {
    int start = text.indexOf(open);
    assertTrue(start >= 0, open);
    start += open.length();
    return text.substring(start, text.indexOf(close, start));
  }

  private static String sha256(String code) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
    return "sha256-" + Base64.getEncoder().encodeToString(digest);
  }
}
