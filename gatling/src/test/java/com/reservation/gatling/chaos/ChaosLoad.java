package com.reservation.gatling.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customers of one venue with a per-customer limit, driven by a few threads for {@code -Dduration}
 * seconds against every node in {@code -DbaseUrls}: they book, hold (then confirm, release, or let
 * the hold expire), cancel their bookings, join waitlists and act on their offers. Each request
 * goes to a random node; a request whose outcome is unknown (no answer, 5xx) is retried up to
 * {@code -Dretries} times with the same Idempotency-Key on another node, as the contract tells a
 * client to. Every answer, retries included, is one JSON line of {@code -Danswers}: what was asked,
 * the status, the problem code, and the ids and status in the body.
 *
 * <p>Properties: {@code baseUrls}, {@code adminToken}, {@code duration} (60), {@code workers} (12),
 * {@code customers} (150), {@code slots} (16), {@code capacity} (6), {@code limit}
 * (maxActiveBookingsPerCustomer, 3), {@code holdTtl} (30 s), {@code venue} (chaos), {@code seed}
 * (42), {@code answers} (the log's path, required).
 *
 * <pre>
 * java -cp ... -DbaseUrls=http://127.0.0.1:8081,... -DadminToken=... -Danswers=answers.jsonl \
 *   com.reservation.gatling.chaos.ChaosLoad
 * </pre>
 */
public final class ChaosLoad {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(12);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<String> nodes;
  private final List<String> slotIds;
  private final int customers;
  private final int holdTtl;
  private final int retries;
  private final BufferedWriter log;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final Map<String, Queue<String[]>> bookings = new ConcurrentHashMap<>();
  private final Map<String, Queue<String[]>> entries = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  private ChaosLoad(
      List<String> nodes,
      List<String> slotIds,
      int customers,
      int holdTtl,
      int retries,
      BufferedWriter log) {
    this.nodes = nodes;
    this.slotIds = slotIds;
    this.customers = customers;
    this.holdTtl = holdTtl;
    this.retries = retries;
    this.log = log;
  }

  public static void main(String[] args) throws Exception {
    List<String> nodes = Settings.baseUrls();
    String answers = System.getProperty("answers");
    if (answers == null) throw new IllegalArgumentException("-Danswers=<file> is required");
    int seconds = Settings.intValue("duration", 60);
    int workers = Settings.intValue("workers", 12);
    int limit = Settings.intValue("limit", 3);
    String venue = System.getProperty("venue", "chaos");
    Layout layout =
        Layout.dense(
            venue,
            Settings.startDate(),
            Settings.intValue("slots", 16),
            Settings.intValue("capacity", 6));
    Seeder seeder = new Seeder(nodes.get(0), Settings.adminToken());
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
    if (limit > 0) seeder.limitCustomers(layout, limit);
    List<String> slotIds = new ArrayList<>();
    for (int i = 0; i < layout.slots(); i++) slotIds.add(layout.slotId(i));

    long seed = Settings.seed();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    try (BufferedWriter log = Files.newBufferedWriter(Path.of(answers), StandardCharsets.UTF_8)) {
      ChaosLoad load =
          new ChaosLoad(
              nodes,
              slotIds,
              Settings.intValue("customers", 150),
              Settings.intValue("holdTtl", 30),
              Settings.intValue("retries", 3),
              log);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        Random random = new Random(seed * 1_000_003L + w);
        Thread t = new Thread(() -> load.run(random, end), "chaos-load-" + w);
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) t.join();
      System.out.println(
          "CHAOS-LOAD venue="
              + venue
              + " slots="
              + slotIds.size()
              + " workers="
              + workers
              + " seconds="
              + seconds
              + " "
              + new TreeMap<>(load.counts));
    }
  }

  private void run(Random random, long end) {
    while (System.nanoTime() < end) {
      String customer = "c" + random.nextInt(customers);
      int dice = random.nextInt(100);
      try {
        if (dice < 30) book(random, customer);
        else if (dice < 55) hold(random, customer);
        else if (dice < 70) cancel(random, customer);
        else if (dice < 82) join(random, customer);
        else if (dice < 95) offers(random, customer);
        else call(random, "slot", slot(random), customer, null, null, "GET", "", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private String slot(Random random) {
    return slotIds.get(random.nextInt(slotIds.size()));
  }

  private void book(Random random, String customer) throws InterruptedException {
    String slotId = slot(random);
    ObjectNode body = MAPPER.createObjectNode().put("customerId", customer).put("seats", 1);
    JsonNode answer =
        withRetries(random, "book", slotId, customer, null, "POST", "/bookings", body, true);
    if (answer != null && answer.hasNonNull("bookingId")) {
      remember(bookings, customer, slotId, answer.get("bookingId").asText());
    }
  }

  private void hold(Random random, String customer) throws InterruptedException {
    String slotId = slot(random);
    ObjectNode body =
        MAPPER
            .createObjectNode()
            .put("customerId", customer)
            .put("seats", 1)
            .put("ttlSeconds", holdTtl);
    JsonNode held =
        withRetries(random, "hold", slotId, customer, null, "POST", "/holds", body, true);
    if (held == null || !held.hasNonNull("holdId")) return;
    String holdId = held.get("holdId").asText();
    Thread.sleep(random.nextInt(4000));
    int choice = random.nextInt(100);
    if (choice < 55) confirm(random, customer, slotId, holdId);
    else if (choice < 80) release(random, customer, slotId, holdId);
    // else: left to expire
  }

  private void confirm(Random random, String customer, String slotId, String holdId)
      throws InterruptedException {
    JsonNode booked =
        withRetries(
            random,
            "confirm",
            slotId,
            customer,
            holdId,
            "POST",
            "/holds/" + holdId + "/confirm",
            MAPPER.createObjectNode(),
            false);
    if (booked != null && booked.hasNonNull("bookingId")) {
      remember(bookings, customer, slotId, booked.get("bookingId").asText());
    }
  }

  private void release(Random random, String customer, String slotId, String holdId)
      throws InterruptedException {
    withRetries(
        random, "release", slotId, customer, holdId, "DELETE", "/holds/" + holdId, null, false);
  }

  private void cancel(Random random, String customer) throws InterruptedException {
    Queue<String[]> mine = bookings.get(customer);
    String[] booking = mine == null ? null : mine.poll();
    if (booking == null) {
      book(random, customer);
      return;
    }
    withRetries(
        random,
        "cancel",
        booking[0],
        customer,
        booking[1],
        "DELETE",
        "/bookings/" + booking[1],
        null,
        false);
  }

  private void join(Random random, String customer) throws InterruptedException {
    String slotId = slot(random);
    ObjectNode body = MAPPER.createObjectNode().put("customerId", customer).put("seats", 1);
    // No Idempotency-Key on a join: an unknown outcome is not retried (a second entry would be
    // refused as already-booked anyway).
    JsonNode entry = call(random, "join", slotId, customer, null, null, "POST", "/waitlist", body);
    if (entry != null && entry.hasNonNull("entryId")) {
      remember(entries, customer, slotId, entry.get("entryId").asText());
    }
  }

  /** Looks at one of the customer's waitlist entries: confirms or declines an offer, or leaves. */
  private void offers(Random random, String customer) throws InterruptedException {
    Queue<String[]> mine = entries.get(customer);
    String[] entry = mine == null ? null : mine.poll();
    if (entry == null) {
      join(random, customer);
      return;
    }
    String slotId = entry[0];
    String entryId = entry[1];
    JsonNode seen =
        call(random, "entry", slotId, customer, entryId, null, "GET", "/waitlist/" + entryId, null);
    if (seen == null) {
      mine.add(entry);
      return;
    }
    String state = seen.path("status").asText();
    if (state.equals("OFFERED") && seen.hasNonNull("holdId")) {
      String holdId = seen.get("holdId").asText();
      if (random.nextInt(100) < 75) confirm(random, customer, slotId, holdId);
      else release(random, customer, slotId, holdId);
    } else if (state.equals("WAITING")) {
      if (random.nextInt(100) < 15) {
        withRetries(
            random,
            "leave",
            slotId,
            customer,
            entryId,
            "DELETE",
            "/waitlist/" + entryId,
            null,
            false);
      } else {
        mine.add(entry);
      }
    }
  }

  private static void remember(
      Map<String, Queue<String[]>> by, String customer, String slotId, String id) {
    by.computeIfAbsent(customer, c -> new ConcurrentLinkedQueue<>()).add(new String[] {slotId, id});
  }

  /**
   * The request, repeated on other nodes while its outcome is unknown (with one Idempotency-Key
   * when {@code keyed}); the last body when one came.
   */
  private JsonNode withRetries(
      Random random,
      String op,
      String slotId,
      String customer,
      String target,
      String method,
      String path,
      JsonNode body,
      boolean keyed)
      throws InterruptedException {
    String key = keyed ? UUID.randomUUID().toString() : null;
    for (int attempt = 0; ; attempt++) {
      int[] status = new int[1];
      JsonNode answer = call(random, op, slotId, customer, target, key, method, path, body, status);
      if ((status[0] != 0 && status[0] < 500) || attempt >= retries) return answer;
      Thread.sleep(300 + random.nextInt(700));
    }
  }

  private JsonNode call(
      Random random,
      String op,
      String slotId,
      String customer,
      String target,
      String key,
      String method,
      String path,
      JsonNode body)
      throws InterruptedException {
    return call(random, op, slotId, customer, target, key, method, path, body, new int[1]);
  }

  /** One request to a random node, logged; the answer's body when it is JSON. */
  private JsonNode call(
      Random random,
      String op,
      String slotId,
      String customer,
      String target,
      String key,
      String method,
      String path,
      JsonNode body,
      int[] status)
      throws InterruptedException {
    String node = nodes.get(random.nextInt(nodes.size()));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node + "/slots/" + slotId + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json");
    if (key != null) request.header("Idempotency-Key", key);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    ObjectNode line = MAPPER.createObjectNode();
    line.put("node", node).put("op", op).put("slotId", slotId).put("customerId", customer);
    if (key != null) line.put("key", key);
    if (target != null) line.put("target", target);
    JsonNode answer = null;
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      status[0] = response.statusCode();
      try {
        answer = MAPPER.readTree(response.body());
      } catch (IOException notJson) {
        answer = null;
      }
    } catch (IOException noAnswer) {
      status[0] = 0;
      line.put("error", noAnswer.getClass().getSimpleName());
    }
    line.put("at", System.currentTimeMillis()).put("status", status[0]);
    if (answer != null) {
      String type = answer.path("type").asText("");
      if (status[0] >= 400 && !type.isEmpty()) {
        line.put("problem", type.substring(type.lastIndexOf('/') + 1));
      }
      for (String field : new String[] {"bookingId", "holdId", "entryId"}) {
        if (answer.hasNonNull(field)) line.put(field, answer.get(field).asText());
      }
      if (status[0] < 400 && answer.hasNonNull("status")) {
        line.put("state", answer.get("status").asText());
      }
    }
    counts.computeIfAbsent(op + "." + status[0], k -> new AtomicLong()).incrementAndGet();
    write(line.toString());
    return status[0] >= 200 && status[0] < 300 ? answer : null;
  }

  private void write(String line) {
    synchronized (log) {
      try {
        log.write(line);
        log.write('\n');
      } catch (IOException e) {
        throw new IllegalStateException("cannot write the answer log", e);
      }
    }
  }
}
