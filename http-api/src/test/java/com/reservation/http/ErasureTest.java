package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.NodeDatabase;
import com.reservation.http.testing.TestNode;
import com.reservation.testsupport.Polling;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure ({@code DELETE /admin/customers/{customerId}}) on a real node with its embedded
 * PostgreSQL: contact data is stored only sealed (no table row holds it in plain text, not even
 * before the erasure), and once the customer's key is deleted the booking and the hold answer
 * without contact while the slot's counts stay as they were. Another customer's contact is
 * untouched.
 */
class ErasureTest {
  private static final String ALICE_PHONE = "60111222333444";
  private static final String ALICE_NAME = "Alice-Erasable-Name";
  private static final String BOB_EMAIL = "bob.erasable@example.org";
  private static final String CAROL_NAME = "Carol-Kept-Name";

  @TempDir static java.nio.file.Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    // A snapshot after a few facts, so the test reads snapshot rows as well as journal rows.
    node = TestNode.start(dataDir, Map.of("reservation.slot.snapshot-every", 2));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void erasedContactIsNowhereAndBookingsStayCountable() throws Exception {
    String venue = node.newVenue("erasure");
    LocalDate day = node.schedule(venue, 0, 10);
    String slot = TestNode.slotId(venue, day);

    Response alice =
        node.send(
            node.bookingRequest(
                slot,
                "{\"customerId\":\"alice-1\",\"seats\":2,\"contact\":{\"name\":\""
                    + ALICE_NAME
                    + "\",\"phone\":\""
                    + ALICE_PHONE
                    + "\"}}",
                "alice-key"));
    assertEquals(201, alice.status(), alice.toString());
    assertEquals(
        ALICE_PHONE,
        alice.json().path("contact").path("phone").asText(),
        "the answer carries it opened");
    String aliceBooking = alice.json().path("bookingId").asText();

    Response bobHold =
        post(
            "/slots/" + slot + "/holds",
            "{\"customerId\":\"bob-1\",\"seats\":1,\"contact\":{\"email\":\"" + BOB_EMAIL + "\"}}");
    assertEquals(201, bobHold.status(), bobHold.toString());
    String bobHoldId = bobHold.json().path("holdId").asText();

    Response carol =
        node.send(
            node.bookingRequest(
                slot,
                "{\"customerId\":\"carol-1\",\"contact\":{\"name\":\"" + CAROL_NAME + "\"}}",
                null));
    assertEquals(201, carol.status(), carol.toString());
    String carolBooking = carol.json().path("bookingId").asText();
    // Enough facts for a snapshot (snapshot-every 2); a booking without contact costs no key.
    assertEquals(201, node.book(slot, "dave-1").status());
    Polling.until(
        Duration.ofSeconds(20),
        () ->
            NodeDatabase.count(
                    dataDir,
                    "SELECT count(*) FROM snapshot WHERE persistence_id LIKE '%" + slot + "'")
                > 0,
        "a snapshot of the slot");

    assertEquals(
        ALICE_NAME,
        node.get("/slots/" + slot + "/bookings/" + aliceBooking)
            .json()
            .path("contact")
            .path("name")
            .asText());
    // Sealed from the start: before any erasure no row of any table holds contact data in plain
    // text.
    assertNoRowContains(List.of(ALICE_NAME, ALICE_PHONE, BOB_EMAIL, CAROL_NAME));
    assertEquals(
        3,
        NodeDatabase.count(
            dataDir,
            "SELECT count(*) FROM customer_key WHERE key IS NOT NULL AND customer_id IN ('alice-1', 'bob-1', 'carol-1', 'dave-1')"),
        "alice, bob, carol; not dave (no contact, no key)");
    JsonNode before = node.get("/slots/" + slot).json();

    Response erased = node.send(erase("alice-1"));
    assertEquals(200, erased.status(), erased.toString());
    assertEquals("alice-1", erased.json().path("customerId").asText());
    assertTrue(erased.json().path("keyDeleted").asBoolean());
    assertTrue(node.send(erase("bob-1")).json().path("keyDeleted").asBoolean());

    JsonNode aliceAfter = node.get("/slots/" + slot + "/bookings/" + aliceBooking).json();
    assertFalse(aliceAfter.has("contact"), aliceAfter.toString());
    assertEquals("CONFIRMED", aliceAfter.path("status").asText());
    assertEquals(2, aliceAfter.path("seats").asInt());
    JsonNode bobAfter = node.get("/slots/" + slot + "/holds/" + bobHoldId).json();
    assertFalse(bobAfter.has("contact"), bobAfter.toString());
    assertEquals(
        CAROL_NAME,
        node.get("/slots/" + slot + "/bookings/" + carolBooking)
            .json()
            .path("contact")
            .path("name")
            .asText());

    // An idempotent retry of alice's booking returns it, without contact; the counts have not
    // moved.
    Response retry =
        node.send(
            node.bookingRequest(slot, "{\"customerId\":\"alice-1\",\"seats\":2}", "alice-key"));
    assertEquals(200, retry.status(), retry.toString());
    assertEquals(aliceBooking, retry.json().path("bookingId").asText());
    assertFalse(retry.json().has("contact"));
    JsonNode after = node.get("/slots/" + slot).json();
    assertEquals(before.path("booked").asInt(), after.path("booked").asInt(), after.toString());
    assertEquals(before.path("held").asInt(), after.path("held").asInt(), after.toString());
    assertEquals(
        before.path("available").asInt(), after.path("available").asInt(), after.toString());
    assertEquals(
        0,
        NodeDatabase.count(
            dataDir,
            "SELECT count(*) FROM customer_key WHERE customer_id IN ('alice-1', 'bob-1') AND key IS NOT NULL"));
    assertNoRowContains(List.of(ALICE_NAME, ALICE_PHONE, BOB_EMAIL, CAROL_NAME));
  }

  @Test
  void erasingTwiceAndErasingAnUnknownCustomerAreIdempotent() {
    String venue = node.newVenue("erasure-twice");
    String slot = TestNode.slotId(venue, node.schedule(venue, 0, 5));
    Response booked =
        node.send(
            node.bookingRequest(
                slot, "{\"customerId\":\"twice-1\",\"contact\":{\"name\":\"Twice\"}}", null));
    assertEquals(201, booked.status());

    Response first = node.send(erase("twice-1"));
    Response second = node.send(erase("twice-1"));
    assertEquals(200, first.status());
    assertTrue(first.json().path("keyDeleted").asBoolean());
    assertEquals(200, second.status(), second.toString());
    assertFalse(second.json().path("keyDeleted").asBoolean());

    Response unknown = node.send(erase("never-seen-customer"));
    assertEquals(200, unknown.status(), unknown.toString());
    assertFalse(unknown.json().path("keyDeleted").asBoolean());

    // Contact given after an erasure is new data under a new key: readable until erased again.
    String slot2 =
        TestNode.slotId(
            venue,
            LocalDate.parse(slot.split("_")[1], java.time.format.DateTimeFormatter.BASIC_ISO_DATE),
            "0930");
    Response again =
        node.send(
            node.bookingRequest(
                slot2, "{\"customerId\":\"twice-1\",\"contact\":{\"name\":\"Again\"}}", null));
    assertEquals(201, again.status(), again.toString());
    assertEquals(
        "Again",
        node.get("/slots/" + slot2 + "/bookings/" + again.json().path("bookingId").asText())
            .json()
            .path("contact")
            .path("name")
            .asText());
    assertFalse(
        node.get("/slots/" + slot + "/bookings/" + booked.json().path("bookingId").asText())
            .json()
            .has("contact"),
        "the old key is gone for good");
  }

  @Test
  void aRefusedAttemptMakesNoKey() throws Exception {
    String venue = node.newVenue("erase-full");
    String slot = TestNode.slotId(venue, node.schedule(venue, 0, 1));
    Response first =
        node.send(
            node.bookingRequest(
                slot, "{\"customerId\":\"full-1\",\"contact\":{\"name\":\"First\"}}", null));
    assertEquals(201, first.status(), first.toString());
    assertEquals(
        "First",
        first.json().path("contact").path("name").asText(),
        "the answer carries the contact given");
    for (int i = 2; i <= 5; i++) {
      Response refused =
          node.send(
              node.bookingRequest(
                  slot,
                  "{\"customerId\":\"full-" + i + "\",\"contact\":{\"name\":\"Late\"}}",
                  null));
      assertEquals(409, refused.status(), refused.toString());
    }
    assertEquals(
        1,
        NodeDatabase.count(
            dataDir, "SELECT count(*) FROM customer_key WHERE customer_id LIKE 'full-%'"),
        "only the customer who got a seat has a key: a full slot's refusals write nothing");
  }

  @Test
  void badInputAndNoTokenAreRefused() {
    Response bad = node.send(erase("not%20valid"));
    assertEquals(400, bad.status(), bad.toString());
    assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
    Response tooLong = node.send(erase("x".repeat(65)));
    assertEquals(400, tooLong.status(), tooLong.toString());
    Response noToken = node.send(node.request("/admin/customers/alice-1").DELETE().build());
    assertEquals(401, noToken.status(), noToken.toString());
  }

  private static HttpRequest erase(String customerId) {
    return node.request("/admin/customers/" + customerId)
        .header("Authorization", "Bearer " + TestNode.TOKEN)
        .DELETE()
        .build();
  }

  private static Response post(String path, String json) {
    return node.send(
        node.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /**
   * Every row of every table of the node's database, as text (bytea as hex), searched for each
   * value in plain text and in hex (UTF-8 inside a binary payload such as a CBOR journal row or
   * snapshot).
   */
  private static void assertNoRowContains(List<String> values) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = NodeDatabase.connect(dataDir);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rs.next()) tables.add(rs.getString(1));
      }
      assertTrue(
          tables.containsAll(
              List.of("event_journal", "snapshot", "slot_availability", "customer_key")),
          tables.toString());
      long rows = 0;
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
          while (rs.next()) {
            rows++;
            String row = rs.getString(1);
            for (String value : values) {
              String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
              assertFalse(
                  row.contains(value) || row.contains(hex),
                  table + " holds " + value + " in plain text");
            }
          }
        }
      }
      assertTrue(rows > 10, "rows were read: " + rows);
    }
  }
}
