package com.reservation.http.events;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.reservation.engine.events.webhook.Signature;
import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every webhook test checks of what a receiver got. */
final class WebhookChecks {
  private WebhookChecks() {}

  /** The receiver's deliveries that it acknowledged, first receipt per event id, parsed. */
  static Map<String, JsonNode> acknowledged(WebhookReceiver receiver) {
    Map<String, JsonNode> events = new HashMap<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries()) {
      if (d.answered() / 100 == 2) events.putIfAbsent(d.eventId(), parse(d.body()));
    }
    return events;
  }

  /**
   * Every delivery is signed with the secret over its exact bytes, carries its id in the header,
   * and no contact data; each slot's events arrived in journal order (the first receipt of each id,
   * by sequence number then fact index).
   */
  static void signedInOrderWithoutContact(
      WebhookReceiver receiver, String secret, Collection<String> contactValues) {
    Map<String, List<long[]>> perSlot = new HashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries()) {
      assertEquals(Signature.of(secret, d.body()), d.signature(), "signature of " + d.eventId());
      // Version 2: the attempt's time, signed with the body; a receiver accepts 5 minutes of skew.
      long timestamp = Long.parseLong(d.timestamp());
      assertTrue(
          Math.abs(d.receivedAtEpochSecond() - timestamp) <= 300, "timestamp of " + d.eventId());
      assertEquals(
          Signature.v2(secret, timestamp, d.body()), d.signatureV2(), "v2 of " + d.eventId());
      String body = new String(d.body(), StandardCharsets.UTF_8);
      JsonNode event = parse(d.body());
      assertEquals(
          d.eventId(), event.path("id").asText(), "X-Reservation-Event-Id is the event's id");
      for (String value : contactValues)
        assertFalse(body.contains(value), "contact data in " + body);
      if (!seen.add(d.eventId())) continue; // a retry of an event already received
      String[] id = d.eventId().split(":");
      perSlot
          .computeIfAbsent(id[0], k -> new ArrayList<>())
          .add(new long[] {Long.parseLong(id[1]), Long.parseLong(id[2])});
    }
    perSlot.forEach(
        (slot, order) -> {
          for (int i = 1; i < order.size(); i++) {
            long[] a = order.get(i - 1);
            long[] b = order.get(i);
            assertTrue(
                a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]),
                "events of " + slot + " out of order");
          }
        });
  }

  static JsonNode parse(byte[] body) {
    try {
      return ApiClient.JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(new String(body, StandardCharsets.UTF_8), e);
    }
  }
}
