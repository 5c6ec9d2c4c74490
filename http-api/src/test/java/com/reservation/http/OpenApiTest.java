package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.reservation.http.dto.BookingBody;
import com.reservation.http.dto.BookingResponse;
import com.reservation.http.dto.CalendarResponse;
import com.reservation.http.dto.HoldBody;
import com.reservation.http.dto.HoldResponse;
import com.reservation.http.dto.ScheduleBody;
import com.reservation.http.dto.ScheduleResponse;
import com.reservation.http.dto.SlotPatchBody;
import com.reservation.http.dto.SlotResponse;
import com.reservation.http.dto.TimetableResponse;
import com.reservation.http.dto.VenueBody;
import com.reservation.http.dto.VenueResponse;
import com.reservation.http.dto.WaitlistEntryResponse;
import com.reservation.http.routes.RouteCatalog;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document must describe exactly what the server does: the same operations as
 * the route inventory ({@link RouteCatalog}), each of them live on a real server, and the same body
 * fields as the DTOs.
 */
class OpenApiTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "patch", "delete", "head", "options");

  /** Strict: a key twice in one mapping fails the read (lenient parsers keep the last one). */
  static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  @TempDir static Path dataDir;
  static TestNode node;
  static JsonNode document;

  @BeforeAll
  static void start() throws IOException {
    try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.yaml")) {
      document = YAML.readTree(in);
    }
    node = TestNode.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  /** "METHOD /template" for every operation the document describes. */
  static Map<String, JsonNode> documentedOperations() {
    Map<String, JsonNode> operations = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (METHODS.contains(op.getKey()))
          operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
      }
    }
    return operations;
  }

  @Test
  void documentAndRouteCatalogNameTheSameOperations() {
    Set<String> catalog =
        RouteCatalog.ENDPOINTS.stream()
            .map(e -> e.method() + " " + e.template())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(RouteCatalog.ENDPOINTS.size(), catalog.size(), "no duplicates in the catalog");
    assertEquals(catalog, new TreeSet<>(documentedOperations().keySet()));
    for (RouteCatalog.Endpoint endpoint : RouteCatalog.ENDPOINTS) {
      JsonNode operation =
          documentedOperations().get(endpoint.method() + " " + endpoint.template());
      assertEquals(
          endpoint.admin(),
          operation.has("security"),
          endpoint + ": admin operations need the bearer token");
    }
  }

  @Test
  void servedDocumentIsTheOneInTheJar() throws IOException {
    Response served = node.get("/openapi.yaml");
    assertEquals(200, served.status());
    assertTrue(served.contentType().startsWith("application/yaml"), served.contentType());
    assertEquals(document, YAML.readTree(served.body()));
    assertTrue(document.path("openapi").asText().startsWith("3."));
  }

  @Test
  void everyDocumentedOperationIsLive() {
    String venue = node.newVenue("openapi");
    LocalDate day = node.schedule(venue, 0, 5);
    String slot = TestNode.slotId(venue, day);
    String bookingId = node.book(slot, "openapi-customer").json().path("bookingId").asText();
    Map<String, String> values =
        Map.of(
            "{venueId}",
            venue,
            "{slotId}",
            slot,
            "{bookingId}",
            bookingId,
            "{date}",
            day.toString(),
            "{address}",
            "127.0.0.1:1",
            // well-formed ids of nothing: the probe needs routing and a documented answer (404),
            // not a hold
            "{holdId}",
            "unknown-hold",
            "{entryId}",
            "unknown-entry",
            "{webhookId}",
            "openapi-hook",
            "{customerId}",
            "openapi-erased-customer",
            // a well-formed ticket id of no ticket (and the venue has no waiting room)
            "{ticketId}",
            "AAAAAAAAAAAAAAAA");

    for (Map.Entry<String, JsonNode> operation : documentedOperations().entrySet()) {
      // Leaving the cluster would stop the node under test; ThreeNodeClusterTest calls it on a node
      // it can spare.
      if (operation.getValue().path("x-stops-this-node").asBoolean()) continue;
      String method = operation.getKey().substring(0, operation.getKey().indexOf(' '));
      String path = operation.getKey().substring(method.length() + 1);
      for (Map.Entry<String, String> value : values.entrySet())
        path = path.replace(value.getKey(), value.getValue());
      HttpRequest.Builder request =
          node.request(path).header("Authorization", "Bearer " + TestNode.TOKEN);
      if (operation.getValue().has("requestBody")) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString("{}"));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      Response response = node.send(request.build());
      assertNotEquals(405, response.status(), operation.getKey() + ": " + response);
      assertTrue(response.status() < 500, operation.getKey() + ": " + response);
      assertFalse(
          response.status() == 404 && response.body().contains("No such resource"),
          operation.getKey() + " is documented but not routed: " + response);
      assertTrue(
          operation.getValue().path("responses").has(Integer.toString(response.status())),
          operation.getKey()
              + " answered "
              + response.status()
              + ", which the document does not list");
    }
  }

  @Test
  void bodySchemasNameTheDtoFields() {
    Map<String, Class<?>> schemas = new LinkedHashMap<>();
    schemas.put("VenueRequest", VenueBody.class);
    schemas.put("Venue", VenueResponse.class);
    schemas.put("ScheduleRequest", ScheduleBody.class);
    schemas.put("ScheduleResult", ScheduleResponse.class);
    schemas.put("Erasure", com.reservation.http.dto.ErasureResponse.class);
    schemas.put("SlotPatch", SlotPatchBody.class);
    schemas.put("Slot", SlotResponse.class);
    schemas.put("TimetableSlot", TimetableResponse.Slot.class);
    schemas.put("Timetable", TimetableResponse.class);
    schemas.put("Calendar", CalendarResponse.class);
    schemas.put("BookingRequest", BookingBody.class);
    schemas.put("Booking", BookingResponse.class);
    schemas.put("HoldRequest", HoldBody.class);
    schemas.put("Hold", HoldResponse.class);
    schemas.put("WaitlistEntry", WaitlistEntryResponse.class);
    schemas.put("WebhookRequest", com.reservation.http.dto.WebhookBody.class);
    schemas.put("Webhook", com.reservation.http.dto.WebhookResponse.class);
    schemas.put("EventFeed", com.reservation.http.dto.EventFeedResponse.class);
    schemas.put("AvailabilitySnapshot", com.reservation.http.dto.AvailabilitySnapshot.class);
    schemas.put("AvailabilitySlot", com.reservation.http.dto.AvailabilitySlot.class);
    schemas.put("WaitingRoomRequest", com.reservation.http.dto.WaitingRoomBody.class);
    schemas.put("WaitingRoom", com.reservation.http.dto.WaitingRoomResponse.class);
    schemas.put("Ticket", com.reservation.http.dto.TicketResponse.class);
    for (Map.Entry<String, Class<?>> schema : schemas.entrySet()) {
      Set<String> documented = new TreeSet<>();
      document
          .path("components")
          .path("schemas")
          .path(schema.getKey())
          .path("properties")
          .fieldNames()
          .forEachRemaining(documented::add);
      Set<String> fields =
          Arrays.stream(schema.getValue().getRecordComponents())
              .map(c -> c.getName())
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(fields, documented, schema.getKey());
    }
    Set<String> dayFields = new TreeSet<>();
    document
        .path("components")
        .path("schemas")
        .path("Calendar")
        .path("properties")
        .path("days")
        .path("items")
        .path("properties")
        .fieldNames()
        .forEachRemaining(dayFields::add);
    assertEquals(
        Arrays.stream(CalendarResponse.Day.class.getRecordComponents())
            .map(c -> c.getName())
            .collect(Collectors.toCollection(TreeSet::new)),
        dayFields);
  }
}
