package com.reservation.http.hostile;

import com.reservation.http.hostile.Attack.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Headers on otherwise plain requests: content negotiation, forwarding, overrides, conditionals and
 * oversized values on reads, and on broken bookings (which must stay refused whatever the headers).
 */
final class HeaderAttacks extends Draws {
  private final BookingAttacks bookings;

  HeaderAttacks(SplittableRandom random, AttackGenerator.Fixture fixture, BookingAttacks bookings) {
    super(random, fixture);
    this.bookings = bookings;
  }

  Attack headerProbe() {
    List<Header> headers = new ArrayList<>();
    List<Header> candidates =
        List.of(
            Header.of("Idempotency-Key", idempotencyKey()),
            Header.of(
                "Accept",
                pick(
                    List.of(
                        "application/xml",
                        "text/html",
                        "*/*;q=0",
                        "application/json;q=abc",
                        "",
                        "x".repeat(3000)))),
            Header.of(
                "Accept-Encoding",
                pick(List.of("gzip", "br", "deflate, gzip;q=0", "x-bogus", "*"))),
            Header.of("Accept-Charset", "utf-16"),
            Header.of(
                "X-Forwarded-For",
                pick(
                    List.of(
                        "127.0.0.1",
                        "unknown",
                        "1.1.1.1, 2.2.2.2",
                        "::1",
                        "x".repeat(500),
                        "999.999.999.999"))),
            Header.of("X-Forwarded-Host", "evil.example"),
            Header.of("X-HTTP-Method-Override", pick(List.of("DELETE", "PUT", "PATCH"))),
            Header.of("Range", "bytes=0-1"),
            Header.of("If-Match", "\"x\""),
            Header.of("If-None-Match", "*"),
            Header.of("Cookie", "a=" + "b".repeat(4000)),
            Header.of("Origin", "null"),
            Header.of("Content-Type", pick(EdgeValues.OTHER_TYPES)),
            Header.of("Authorization", "Bearer " + "x".repeat(100)),
            Header.of("Forwarded", "for=\"[::1]\";proto=https;by=evil"),
            Header.of("TE", "trailers"),
            Header.of("Date", "yesterday"),
            Header.of("X-Request-Id", "%00%0d%0a"),
            Header.of("Content-Encoding", "gzip"));
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) headers.add(pick(candidates));
    String slot = pick(fixture.slots());
    List<String> reads =
        List.of(
            "/slots/" + slot,
            "/slots/" + slot + "/bookings/" + fixture.bookingId(),
            "/venues/" + fixture.venue() + "/days/" + fixture.day() + "/slots",
            "/venues/"
                + fixture.venue()
                + "/calendar?from="
                + fixture.day()
                + "&to="
                + fixture.day(),
            "/health/ready",
            "/openapi.yaml",
            "/metrics");
    if (random.nextInt(3) == 0) {
      // A write: a broken booking, however its headers look.
      headers.removeIf(h -> h.name().equals("Content-Type"));
      headers.add(Header.of("Content-Type", "application/json"));
      return new Attack(
          "header probe",
          "POST",
          "/slots/" + slot + "/bookings",
          headers,
          json(bookings.brokenBooking()),
          false,
          true,
          null);
    }
    return new Attack(
        "header probe",
        random.nextInt(6) == 0 ? "HEAD" : "GET",
        pick(reads),
        headers,
        new byte[0],
        false,
        false,
        null);
  }
}
