package com.reservation.http.routes;

import static org.junit.jupiter.api.Assertions.*;

import akka.http.javadsl.model.headers.Location;
import akka.http.scaladsl.model.Uri;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pieces of the hot paths that replace a parse or a rendering per request: they must answer as
 * before.
 */
class HotPathPiecesTest {

  @Test
  void theLocationHeaderRendersAsTheStringItWasParsedFrom() {
    Random random = new Random(3);
    String base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder bookingId = new StringBuilder();
      for (int c = 0; c < 22; c++)
        bookingId.append(base64url.charAt(random.nextInt(base64url.length())));
      String slotId = "venue-" + random.nextInt(1000) + "_20261201_0920";
      String expected = "/slots/" + slotId + "/bookings/" + bookingId;
      Location built = SlotRoutes.location(slotId, bookingId.toString());
      assertEquals(Location.create(expected), built, expected);
      assertEquals(expected, built.value());
      assertEquals("Location: " + expected, built.toString());
    }
  }

  @Test
  void parsedPathsFallUnderTheSameTemplatesAsTheirText() {
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/",
                "/slots",
                "/slots/",
                "/slots//bookings",
                "/slots/x/bookings/",
                "/metrics/x",
                "/metrics",
                "/venues/pwtc/days/2026-12-01",
                "/venues/pwtc/days/2026-12-01/slots",
                "/venues/pwtc/calendar",
                "/slots/pwtc_20261201_0920",
                "/slots/pwtc_20261201_0920/bookings",
                "/slots/x/bookings/AAAA",
                "/slots/a%2Fb/bookings",
                "/slots/a%20b",
                "/sl%6Fts/x",
                "/health/live",
                "/health/live/",
                "/health//live",
                "/admin/cluster/members/127.0.0.1:25523",
                "/admin/venues/pwtc/schedules",
                "/openapi.yaml",
                "/nothing"));
    String[] parts = {
      "slots",
      "bookings",
      "venues",
      "days",
      "slots",
      "calendar",
      "health",
      "live",
      "ready",
      "admin",
      "cluster",
      "members",
      "x",
      "%2F",
      "a%20b",
      "",
      "metrics"
    };
    Random random = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder path = new StringBuilder();
      int segments = 1 + random.nextInt(6);
      for (int s = 0; s < segments; s++)
        path.append('/').append(parts[random.nextInt(parts.length)]);
      if (random.nextInt(10) == 0) path.append('/');
      paths.add(path.toString());
    }
    for (String text : paths) {
      Uri.Path parsed = Uri.Path$.MODULE$.apply(text, StandardCharsets.UTF_8);
      assertEquals(
          RouteCatalog.templateOf(parsed.toString()), RouteCatalog.templateOf(parsed), text);
    }
  }
}
