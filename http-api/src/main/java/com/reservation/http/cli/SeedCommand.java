package com.reservation.http.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.reservation.http.dto.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Creates a demo venue with two months of slots on a running node, through its admin HTTP API (so
 * it works against any node, local or remote, and exercises the same validation as any client).
 * Idempotent: a second run finds the venue unchanged and the slots already defined.
 */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Create a demo venue with two months of slots on a running node through its admin API, and print what it made.",
      "Idempotent: running it again defines nothing new. Example:",
      "  seed --url http://127.0.0.1:8080 --token $RESERVATION_ADMIN_TOKEN"
    })
public final class SeedCommand implements Callable<Integer> {
  private static final int DAYS_PER_REQUEST = 7;

  @Option(
      names = "--url",
      defaultValue = "http://127.0.0.1:8080",
      description = "The node's base URL (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--token",
      description = "The admin token (default: the RESERVATION_ADMIN_TOKEN variable).")
  String token;

  @Option(
      names = "--venue",
      defaultValue = "demo",
      description = "Venue id (default: ${DEFAULT-VALUE}).")
  String venueId;

  @Option(
      names = "--name",
      defaultValue = "Demo Vaccination Centre",
      description = "Venue name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--time-zone",
      defaultValue = "UTC",
      description = "IANA time zone of the venue (default: ${DEFAULT-VALUE}).")
  String timeZone;

  @Option(
      names = "--from",
      description = "First day of slots (default: tomorrow in the venue's time zone).")
  LocalDate from;

  @Option(
      names = "--days",
      defaultValue = "61",
      description = "Days of slots from --from (default: ${DEFAULT-VALUE}, two months).")
  int days;

  @Option(
      names = "--daily-start",
      defaultValue = "09:00",
      description = "First slot of each day (default: ${DEFAULT-VALUE}).")
  LocalTime dailyStart;

  @Option(
      names = "--daily-end",
      defaultValue = "17:00",
      description = "No slot ends after this (default: ${DEFAULT-VALUE}).")
  LocalTime dailyEnd;

  @Option(
      names = "--slot-minutes",
      defaultValue = "10",
      description = "Length of a slot (default: ${DEFAULT-VALUE}).")
  int slotMinutes;

  @Option(
      names = "--capacity",
      defaultValue = "100",
      description = "Seats per slot (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Spec CommandSpec spec;

  /** Where the token variable is read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String adminToken = token != null ? token : environment.get("RESERVATION_ADMIN_TOKEN");
    if (adminToken == null || adminToken.isBlank()) {
      err.println(
          "reservation-engine seed: give --token or set RESERVATION_ADMIN_TOKEN (the node prints a generated one at start).");
      return 2;
    }
    if (days < 1) {
      err.println("reservation-engine seed: --days must be at least 1.");
      return 2;
    }
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      ObjectNode venue = Json.MAPPER.createObjectNode().put("name", name).put("timeZone", timeZone);
      Reply put = send(client, adminToken, "PUT", base + "/admin/venues/" + venueId, venue);
      if (put.status() != 200 && put.status() != 201) return failed(err, "PUT venue", put);
      out.println(
          "Venue "
              + venueId
              + " ("
              + timeZone
              + "): "
              + (put.status() == 201 ? "created" : "already there"));

      LocalDate first = from != null ? from : LocalDate.now(ZoneId.of(timeZone)).plusDays(1);
      LocalDate last = first.plusDays(days - 1L);
      // A week per request: a long seed shows its progress, and no request nears the per-request
      // slot limit.
      long defined = 0;
      long unchanged = 0;
      int weeks = (days + DAYS_PER_REQUEST - 1) / DAYS_PER_REQUEST;
      for (int week = 0; week < weeks; week++) {
        LocalDate chunkFrom = first.plusDays((long) week * DAYS_PER_REQUEST);
        LocalDate chunkTo =
            chunkFrom.plusDays(DAYS_PER_REQUEST - 1L).isAfter(last)
                ? last
                : chunkFrom.plusDays(DAYS_PER_REQUEST - 1L);
        ObjectNode schedule =
            Json.MAPPER
                .createObjectNode()
                .put("from", chunkFrom.toString())
                .put("to", chunkTo.toString())
                .put("dailyStart", dailyStart.toString())
                .put("dailyEnd", dailyEnd.toString())
                .put("slotMinutes", slotMinutes)
                .put("capacity", capacity);
        Reply post =
            send(
                client,
                adminToken,
                "POST",
                base + "/admin/venues/" + venueId + "/schedules",
                schedule);
        if (post.status() != 200)
          return failed(err, "POST schedule " + chunkFrom + ".." + chunkTo, post);
        defined += post.json().path("slotsDefined").asLong();
        unchanged += post.json().path("slotsUnchanged").asLong();
        out.printf(
            "  [%d/%d] %s..%s: %d slots so far%n",
            week + 1, weeks, chunkFrom, chunkTo, defined + unchanged);
        out.flush();
      }
      out.printf(
          "Schedule %s to %s, %s-%s every %d min, %d seats: %d slots defined, %d already there%n",
          first, last, dailyStart, dailyEnd, slotMinutes, capacity, defined, unchanged);
      String firstSlot =
          venueId
              + "_"
              + first.toString().replace("-", "")
              + "_"
              + dailyStart.toString().replace(":", "");
      out.println("Try:");
      out.println(
          "  curl '"
              + base
              + "/venues/"
              + venueId
              + "/calendar?from="
              + first
              + "&to="
              + first.plusDays(6)
              + "'");
      out.println("  curl " + base + "/venues/" + venueId + "/days/" + first + "/slots");
      out.println(
          "  curl -H 'Content-Type: application/json' -d '{\"customerId\":\"demo-1\"}' "
              + base
              + "/slots/"
              + firstSlot
              + "/bookings");
      out.flush();
      return 0;
    } catch (ConnectException e) {
      err.println(
          "reservation-engine seed: cannot reach "
              + base
              + ". Is the node running (java -jar reservation-engine.jar start)?");
      return 1;
    } catch (IOException e) {
      err.println(
          "reservation-engine seed: "
              + base
              + " failed ("
              + e.getMessage()
              + "). Check --url and that the node is up:"
              + " curl "
              + base
              + "/health/ready");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private record Reply(int status, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        return Json.MAPPER.createObjectNode();
      }
    }
  }

  private static Reply send(
      HttpClient client, String token, String method, String url, JsonNode body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  private static int failed(PrintWriter err, String what, Reply reply) {
    JsonNode problem = reply.json();
    err.println(
        "reservation-engine seed: "
            + what
            + " answered "
            + reply.status()
            + ": "
            + problem.path("detail").asText(reply.body()));
    switch (reply.status()) {
      case 401 ->
          err.println(
              "Check the token: it must be one of the node's admin tokens (RESERVATION_ADMIN_TOKEN).");
      case 409 ->
          err.println(
              "Slots of this venue already exist with another capacity or length: seed again with the same --capacity and"
                  + " --slot-minutes as before, change those slots with PATCH /admin/slots/{slotId}, or use another --venue.");
      case 400 ->
          err.println(
              "Check the options above against the message (e.g. --daily-start before --daily-end).");
      case 503 ->
          err.println(
              "The node is overloaded or its store is unavailable: wait a moment and run seed again.");
      default -> err.println("Run seed again; it is idempotent and defines only what is missing.");
    }
    err.flush();
    return 1;
  }
}
