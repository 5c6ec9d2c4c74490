package com.reservation.http.hostile;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.http.dto.Json;
import com.reservation.http.dto.VenueBody;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against a real node over real HTTP.
 *
 * <p>The generated attack: at least {@link #REQUESTS} requests from {@link AttackGenerator} (seed
 * printed; replay one run with {@code -Dattack.seed=N}). Every answer keeps the contract: no 5xx;
 * every 4xx is {@code application/problem+json} with {@code type}, {@code title}, {@code status}
 * (the answer's) and {@code detail}; no body shows a stack trace or SQL; no request that would
 * change state is accepted. Afterwards every slot answers exactly as before and the journal holds
 * exactly the rows it held.
 */
class HostileInputTest {
  static final int REQUESTS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What would betray the server's insides: a stack frame, an exception, SQL, the schema, a
   * library's package.
   */
  private static final Pattern INSIDES =
      Pattern.compile(
          "(?is)(\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|exception|\\bselect\\b.{0,200}\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\s+\\w+\\s+set\\b"
              + "|\\bdelete\\s+from\\b|sqlstate|org\\.postgresql|psql|event_journal|event_tag|slot_catalog|slot_availability"
              + "|java\\.|scala\\.|akka\\.|jackson|\\bcom\\.reservation)");

  @TempDir static Path dataDir;
  static TestNode node;
  static AttackGenerator.Fixture fixture;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir);
    String venue = node.newVenue("attack");
    LocalDate day = node.schedule(venue, 0, 5);
    List<String> slots =
        List.of(TestNode.slotId(venue, day, "0900"), TestNode.slotId(venue, day, "0930"));
    Response booked =
        node.send(
            node.bookingRequest(
                slots.get(0),
                "{\"customerId\":\"victim\",\"seats\":2,\"contact\":{\"name\":\"Victim\"}}",
                "victim-key"));
    assertEquals(201, booked.status(), booked.toString());
    fixture =
        new AttackGenerator.Fixture(
            venue, slots, booked.json().path("bookingId").asText(), day.toString(), TestNode.TOKEN);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  // ---------------------------------------------------------------- duplicate keys

  @Test
  void duplicateJsonKeysAreRefusedNeverResolved() {
    String slot = fixture.slots().get(1);
    // Asked once, the slot is defined (its first event): from then on nothing may write.
    assertEquals(200, node.get("/slots/" + slot).status());
    long journal = journalRows();
    for (String body :
        List.of(
            "{\"customerId\":\"dup-1\",\"seats\":1,\"seats\":2}",
            "{\"customerId\":\"dup-2\",\"customerId\":\"dup-3\"}",
            "{\"customerId\":\"dup-4\",\"contact\":{\"name\":\"A\",\"name\":\"B\"}}",
            "{\"customerId\":\"dup-5\",\"\\u0073eats\":1,\"seats\":1}")) {
      Response answer = node.send(node.bookingRequest(slot, body, null));
      assertEquals(400, answer.status(), body + ": " + answer);
      assertEquals("invalid-request", answer.problem());
    }
    Response venue =
        node.admin(
            "PUT",
            "/admin/venues/dup-venue",
            "{\"name\":\"A\",\"name\":\"B\",\"timeZone\":\"UTC\"}");
    assertEquals(400, venue.status(), venue.toString());
    assertEquals(
        0,
        node.get("/slots/" + slot).json().path("booked").asInt(),
        "no duplicate-key booking was taken");
    assertEquals(journal, journalRows());
    // The mapper itself, for every DTO the routes read.
    assertThrows(
        IOException.class,
        () ->
            Json.reader(VenueBody.class)
                .readValue("{\"name\":\"A\",\"timeZone\":\"UTC\",\"name\":\"B\"}"));
  }

  // ---------------------------------------------------------------- bodies answered early

  /**
   * A body the server will not take (too large, unauthenticated, not JSON) is still read to its
   * end: answered before it was read, Akka closes the connection with unread bytes and the kernel
   * resets it, so the client loses its answer. Several such requests go one after another on one
   * connection; each gets its problem+json and the connection stays open for the next.
   */
  @Test
  void bodiesRefusedEarlyAreReadToTheEndSoEveryAnswerArrivesOnOneConnection() throws Exception {
    String slot = fixture.slots().get(1);
    record Refused(String method, String path, String headers, int size, int status) {}
    List<Refused> requests =
        List.of(
            new Refused(
                "POST",
                "/slots/" + slot + "/bookings",
                "Content-Type: application/json",
                900_000,
                413),
            new Refused(
                "PATCH", "/admin/slots/" + slot, "Content-Type: application/json", 500_000, 401),
            new Refused(
                "POST", "/slots/" + slot + "/bookings", "Content-Type: text/plain", 300_000, 415),
            new Refused(
                "PATCH",
                "/admin/slots/" + slot,
                "Content-Type: application/json\r\nAuthorization: Bearer " + TestNode.TOKEN,
                200_000,
                413));
    int port = URI.create(node.baseUrl()).getPort();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      java.io.OutputStream out = socket.getOutputStream();
      java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      for (Refused request : requests) {
        String body = "{\"pad\":\"" + "p".repeat(request.size()) + "\"}";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(
            (request.method()
                    + " "
                    + request.path()
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + request.headers()
                    + "\r\nContent-Length: "
                    + bytes.length
                    + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        RawHttp.Answer answer = RawHttp.readOne(in);
        assertEquals(request.status(), answer.status(), request + ": " + answer);
        assertTrue(
            answer
                .headers()
                .getOrDefault("content-type", "")
                .startsWith("application/problem+json"),
            request + ": " + answer);
        assertNotEquals(
            "close", answer.headers().get("connection"), "the connection stays: " + request);
      }
      out.write(
          ("GET /slots/" + slot + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      assertEquals(200, RawHttp.readOne(in).status(), "and still answers on that connection");
    }
  }

  // ---------------------------------------------------------------- the generated attack

  @Test
  void aGeneratedAttackGetsOnlyContractAnswersAndChangesNothing() throws Exception {
    long seed = Long.getLong("attack.seed", System.nanoTime());
    System.out.println("Attack seed " + seed + " (replay with -Dattack.seed=" + seed + ")");
    Map<String, JsonNode> slotsBefore = slotStates();
    Map<String, Long> tablesBefore = tableCounts();
    JsonNode bookingBefore =
        node.get("/slots/" + fixture.slots().get(0) + "/bookings/" + fixture.bookingId()).json();

    AttackGenerator generator = new AttackGenerator(seed, fixture);
    List<Attack> attacks = new ArrayList<>(REQUESTS);
    for (int i = 0; i < REQUESTS; i++) attacks.add(generator.next());

    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger rawSent = new AtomicInteger();
    long started = System.nanoTime();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    ExecutorService rawSenders = Executors.newFixedThreadPool(4);
    Semaphore inFlight = new Semaphore(12);
    List<CompletableFuture<Void>> done = new ArrayList<>(REQUESTS);
    int port = URI.create(node.baseUrl()).getPort();
    for (Attack attack : attacks) {
      inFlight.acquire();
      CompletableFuture<Answer> answer;
      Optional<HttpRequest> request = attack.raw() ? Optional.empty() : asHttpRequest(attack);
      if (request.isPresent()) {
        answer =
            client
                .sendAsync(request.get(), HttpResponse.BodyHandlers.ofString())
                .thenApply(
                    r ->
                        new Answer(
                            r.statusCode(),
                            r.headers().firstValue("Content-Type").orElse(null),
                            r.body()));
      } else {
        rawSent.incrementAndGet();
        answer =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    RawHttp.Answer raw = RawHttp.send(port, attack.bytes());
                    return new Answer(raw.status(), raw.headers().get("content-type"), raw.body());
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                },
                rawSenders);
      }
      done.add(
          answer.handle(
              (a, failure) -> {
                inFlight.release();
                if (failure != null) {
                  // A body whose chunked framing breaks after dispatch: Akka aborts the connection,
                  // which is a
                  // refusal too (RFC 9112 lets a server close on broken framing); the state checks
                  // below still apply.
                  if (attack.what().equals(AttackGenerator.BROKEN_FRAMING)) {
                    statuses.computeIfAbsent(0, s -> new AtomicInteger()).incrementAndGet();
                    return null;
                  }
                  violations.add(
                      "no answer ("
                          + Optional.ofNullable(failure.getCause()).orElse(failure)
                          + ") to "
                          + attack);
                } else {
                  statuses.computeIfAbsent(a.status, s -> new AtomicInteger()).incrementAndGet();
                  check(attack, a)
                      .ifPresent(
                          v ->
                              violations.add(
                                  v + "\n    request: " + attack + "\n    answer: " + a));
                }
                return null;
              }));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    rawSenders.shutdown();
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<Integer, Integer> byStatus = new TreeMap<>();
    statuses.forEach((status, count) -> byStatus.put(status, count.get()));
    System.out.printf(
        "Attack: %d requests (%d as raw bytes) in %.1f s, answers by status (0: connection closed on broken framing) %s%n",
        attacks.size(), rawSent.get(), seconds, byStatus);

    assertEquals(
        List.of(),
        violations.subList(0, Math.min(20, violations.size())),
        violations.size() + " answers broke the contract; the first 20");
    assertTrue(
        byStatus.keySet().stream().anyMatch(s -> s == 200), "reads were answered too: " + byStatus);
    assertTrue(
        byStatus.keySet().stream().filter(s -> s >= 400).count() >= 8,
        "many kinds of refusal: " + byStatus);

    // Nothing changed: every slot, the booking, and the journal, venue and catalog rows.
    assertEquals(slotsBefore, slotStates(), "the slots answer as before the attack");
    assertEquals(
        bookingBefore,
        node.get("/slots/" + fixture.slots().get(0) + "/bookings/" + fixture.bookingId()).json());
    assertEquals(tablesBefore, tableCounts(), "no row was written");
  }

  record Answer(int status, String contentType, String body) {
    @Override
    public String toString() {
      String shown =
          body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return status + " " + contentType + " " + shown;
    }
  }

  /** What is wrong with this answer to this request, if anything. */
  static Optional<String> check(Attack attack, Answer answer) {
    int status = answer.status;
    if (status >= 500) return Optional.of("a " + status);
    if (attack.mutating() && status < 300)
      return Optional.of("a change was accepted (" + status + ")");
    if (status == 429) return Optional.of("rate limited, though rate limiting is off by default");
    if (status < 400) return Optional.empty();
    if (answer.contentType == null || !answer.contentType.startsWith("application/problem+json")) {
      return Optional.of("a " + status + " that is not problem+json");
    }
    if (attack.head()) return Optional.empty();
    JsonNode problem;
    try {
      problem = JSON.readTree(answer.body);
    } catch (IOException e) {
      return Optional.of("a problem body that is not JSON");
    }
    if (!problem.path("type").isTextual()
        || !problem.path("type").asText().startsWith("/problems/"))
      return Optional.of("no problem type");
    if (!problem.path("title").isTextual() || problem.path("title").asText().isBlank())
      return Optional.of("no title");
    if (!problem.path("detail").isTextual()) return Optional.of("no detail");
    if (problem.path("status").asInt() != status)
      return Optional.of("status " + problem.path("status") + " in a " + status);
    if (INSIDES.matcher(answer.body).find())
      return Optional.of("the body shows the server's insides");
    return Optional.empty();
  }

  /**
   * The attack as an HttpClient request, or empty where HttpClient refuses a header or method (sent
   * raw then).
   */
  private static Optional<HttpRequest> asHttpRequest(Attack attack) {
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(node.baseUrl() + attack.target()))
              .timeout(Duration.ofSeconds(30));
      for (Attack.Header header : attack.headers()) builder.header(header.name(), header.text());
      if (attack.head()) builder.method("HEAD", HttpRequest.BodyPublishers.noBody());
      else if (attack.body().length == 0)
        builder.method(attack.method(), HttpRequest.BodyPublishers.noBody());
      else builder.method(attack.method(), HttpRequest.BodyPublishers.ofByteArray(attack.body()));
      return Optional.of(builder.build());
    } catch (IllegalArgumentException refusedByTheClient) {
      return Optional.empty();
    }
  }

  private static Map<String, JsonNode> slotStates() {
    Map<String, JsonNode> states = new LinkedHashMap<>();
    for (String slot : fixture.slots()) {
      Response answer = node.get("/slots/" + slot);
      assertEquals(200, answer.status(), answer.toString());
      states.put(slot, answer.json());
    }
    return states;
  }

  private static long journalRows() {
    return NodeDatabase.count(dataDir, "SELECT count(*) FROM event_journal");
  }

  private static Map<String, Long> tableCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : List.of("event_journal", "event_tag", "venue", "slot_catalog")) {
      counts.put(table, NodeDatabase.count(dataDir, "SELECT count(*) FROM " + table));
    }
    counts.put(
        "max journal ordering",
        NodeDatabase.count(dataDir, "SELECT coalesce(max(ordering), 0) FROM event_journal"));
    return counts;
  }
}
