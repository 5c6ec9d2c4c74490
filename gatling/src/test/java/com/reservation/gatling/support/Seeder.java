package com.reservation.gatling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Prepares a target before the load starts (in a simulation's {@code before()}): venues and
 * schedules through the admin API, plus the few plain requests a simulation needs to set the stage.
 * Talks to the first base URL only; in a cluster every node sees the same catalog.
 */
public final class Seeder {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private final String baseUrl;
  private final Optional<String> adminToken;

  public Seeder(String baseUrl, Optional<String> adminToken) {
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  public static Seeder fromSettings() {
    return new Seeder(Settings.baseUrls().get(0), Settings.adminToken());
  }

  /** Waits until the target says it is ready. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (send(HttpRequest.newBuilder(uri("/health/ready")).GET()).statusCode() == 200) return;
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline)
        throw new IllegalStateException(baseUrl + " is not ready after " + timeout);
      sleep(250);
    }
  }

  /**
   * Creates the layout's venue and schedule (idempotent: a second run with the same seed defines
   * nothing new). Without an admin token it only checks that the venue answers.
   */
  public void define(Layout layout) {
    if (adminToken.isEmpty()) {
      int status =
          send(HttpRequest.newBuilder(
                      uri("/venues/" + layout.venueId() + "/days/" + layout.from() + "/slots"))
                  .GET())
              .statusCode();
      if (status != 200) {
        throw new IllegalStateException(
            "venue "
                + layout.venueId()
                + " is not there ("
                + status
                + ") and no admin token is set to create it: "
                + "pass -DadminToken=... (or RESERVATION_ADMIN_TOKEN)");
      }
      return;
    }
    HttpResponse<String> venue =
        send(
            admin("/admin/venues/" + layout.venueId())
                .PUT(json(Map.of("name", layout.venueId(), "timeZone", "UTC"))));
    expect(venue, 200, 201);
    HttpResponse<String> schedule =
        send(
            admin("/admin/venues/" + layout.venueId() + "/schedules")
                .POST(json(layout.scheduleRequest())));
    expect(schedule, 200);
    JsonNode result = read(schedule.body());
    int total = result.path("slotsDefined").asInt() + result.path("slotsUnchanged").asInt();
    if (total != layout.slots()) {
      throw new IllegalStateException(
          "schedule of "
              + layout.venueId()
              + " defined "
              + total
              + " slots, expected "
              + layout.slots());
    }
  }

  /**
   * Sets {@code maxActiveBookingsPerCustomer} on the layout's venue (after {@link #define}, which
   * leaves a venue without a limit): its bookings and holds then go through each customer's
   * allowance.
   */
  public void limitCustomers(Layout layout, int maxActiveBookingsPerCustomer) {
    HttpResponse<String> venue =
        send(
            admin("/admin/venues/" + layout.venueId())
                .PUT(
                    json(
                        Map.of(
                            "name",
                            layout.venueId(),
                            "timeZone",
                            "UTC",
                            "maxActiveBookingsPerCustomer",
                            maxActiveBookingsPerCustomer))));
    expect(venue, 200, 201);
  }

  /**
   * Waits (up to {@code timeout}) until the timetable of the layout's first and last day shows
   * every slot: calendar and timetable come from a read model that may lag the catalog a little.
   */
  public boolean awaitTimetable(Layout layout, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String day : new String[] {layout.from().toString(), layout.to().toString()}) {
      while (get("/venues/" + layout.venueId() + "/days/" + day + "/slots").path("slots").size()
          < layout.slotsPerDay()) {
        if (System.nanoTime() > deadline) return false;
        sleep(200);
      }
    }
    return true;
  }

  /** Sets a slot's capacity through the admin API (ReplayBurst: slots of several capacities). */
  public void capacity(String slotId, int capacity) {
    expect(
        send(admin("/admin/slots/" + slotId).method("PATCH", json(Map.of("capacity", capacity)))),
        200);
  }

  /**
   * Puts the waiting room of a venue ({@code PUT /admin/venues/{venueId}/waiting-room}): 201 the
   * first time, 200 after; returns the room's status as the node answers it.
   */
  public JsonNode putWaitingRoom(String venueId, Map<String, Object> settings) {
    HttpResponse<String> response =
        send(admin("/admin/venues/" + venueId + "/waiting-room").PUT(json(settings)));
    expect(response, 200, 201);
    return read(response.body());
  }

  /** Removes a venue's waiting room: its bookings pass freely again. */
  public void deleteWaitingRoom(String venueId) {
    expect(send(admin("/admin/venues/" + venueId + "/waiting-room").DELETE()), 200);
  }

  /** GET of an admin resource; a missing node when the answer is not 200. */
  public JsonNode adminGet(String path) {
    HttpResponse<String> response = send(admin(path).GET());
    return response.statusCode() == 200 ? read(response.body()) : mapper.missingNode();
  }

  /** Books one seat; returns the status code. */
  public int book(String slotId, String customerId) {
    return send(HttpRequest.newBuilder(uri("/slots/" + slotId + "/bookings"))
            .POST(json(Map.of("customerId", customerId, "seats", 1))))
        .statusCode();
  }

  /** GET of a JSON resource; a missing node when the answer is not 200. */
  public JsonNode get(String path) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
    return response.statusCode() == 200 ? read(response.body()) : mapper.missingNode();
  }

  private HttpRequest.Builder admin(String path) {
    return HttpRequest.newBuilder(uri(path))
        .header("Authorization", "Bearer " + adminToken.orElseThrow());
  }

  private HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.header("Content-Type", "application/json").timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(baseUrl + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode read(String body) {
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void expect(HttpResponse<String> response, int... statuses) {
    for (int status : statuses) if (response.statusCode() == status) return;
    throw new IllegalStateException(
        response.request().method()
            + " "
            + response.request().uri()
            + " answered "
            + response.statusCode()
            + ": "
            + response.body());
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
