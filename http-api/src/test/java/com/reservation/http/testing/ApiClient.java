package com.reservation.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain {@link HttpClient} on a node's base URL, with the requests and fixtures tests need. */
public class ApiClient {
  public static final String TOKEN = "test-admin-token-0123456789";
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger VENUES = new AtomicInteger();

  private final HttpClient client;
  private final String baseUrl;

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** A response with its body as text. */
  public record Response(int status, HttpResponse<String> raw) {
    public String body() {
      return raw.body();
    }

    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + raw.body(), e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    /** The problem code: the last segment of {@code type}. */
    public String problem() {
      String type = json().path("type").asText();
      return type.substring(type.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
      return status + " " + raw.body();
    }
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public CompletableFuture<Response> sendAsync(HttpRequest request) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Response(r.statusCode(), r));
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response delete(String path) {
    return send(request(path).DELETE().build());
  }

  public Response admin(String method, String path, String json) {
    return send(
        request(path)
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public HttpRequest bookingRequest(String slotId, String json, String idempotencyKey) {
    HttpRequest.Builder builder =
        request("/slots/" + slotId + "/bookings")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) builder.header("Idempotency-Key", idempotencyKey);
    return builder.build();
  }

  public Response book(String slotId, String customerId) {
    return send(bookingRequest(slotId, "{\"customerId\":\"" + customerId + "\"}", null));
  }

  // ---- fixtures

  /** A venue no other test uses, in UTC, created through the admin API. */
  public String newVenue(String prefix) {
    String venueId = (prefix + "-" + VENUES.incrementAndGet()).toLowerCase();
    Response put =
        admin(
            "PUT",
            "/admin/venues/" + venueId,
            "{\"name\":\"Test " + venueId + "\",\"timeZone\":\"UTC\"}");
    if (put.status() != 201) throw new AssertionError("venue not created: " + put);
    return venueId;
  }

  /**
   * Defines one day of slots (tomorrow + {@code daysAhead}, 09:00-10:00 every 30 minutes) and
   * returns that date.
   */
  public LocalDate schedule(String venueId, int daysAhead, int capacity) {
    LocalDate day = LocalDate.now(ZoneId.of("UTC")).plusDays(1 + daysAhead);
    Response post =
        admin(
            "POST",
            "/admin/venues/" + venueId + "/schedules",
            "{\"from\":\""
                + day
                + "\",\"to\":\""
                + day
                + "\",\"dailyStart\":\"09:00\",\"dailyEnd\":\"10:00\","
                + "\"slotMinutes\":30,\"capacity\":"
                + capacity
                + "}");
    if (post.status() != 200) throw new AssertionError("schedule not applied: " + post);
    return day;
  }

  /** The id of the 09:00 slot of {@code day}. */
  /**
   * A slot's booked seats as the timetable (the read model) shows them; -1 when it is not there.
   */
  public int timetableBooked(String venueId, LocalDate day, String slotId) {
    for (var s : get("/venues/" + venueId + "/days/" + day + "/slots").json().path("slots")) {
      if (s.path("slotId").asText().equals(slotId)) return s.path("booked").asInt();
    }
    return -1;
  }

  public static String slotId(String venueId, LocalDate day) {
    return venueId + "_" + day.toString().replace("-", "") + "_0900";
  }

  public static String slotId(String venueId, LocalDate day, String hhmm) {
    return venueId + "_" + day.toString().replace("-", "") + "_" + hhmm;
  }
}
