package com.reservation.http.hostile;

import com.reservation.http.hostile.Attack.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Requests whose path or query is the attack: the routes' templates with edge values in their
 * segments, paths no route has, odd methods; and calendar and timetable queries with dates at and
 * beyond the edges.
 */
final class PathAttacks extends Draws {
  private final BookingAttacks bookings;
  private final AdminAttacks admin;

  PathAttacks(
      SplittableRandom random,
      AttackGenerator.Fixture fixture,
      BookingAttacks bookings,
      AdminAttacks admin) {
    super(random, fixture);
    this.bookings = bookings;
    this.admin = admin;
  }

  Attack pathProbe() {
    List<String> templates =
        List.of(
            "/slots/{s}",
            "/slots/{s}/bookings",
            "/slots/{s}/bookings/{b}",
            "/venues/{v}/calendar",
            "/venues/{v}/days/{d}/slots",
            "/admin/venues/{v}",
            "/admin/venues/{v}/schedules",
            "/admin/slots/{s}",
            "/admin/cluster",
            "/admin/cluster/slots/{s}",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/openapi.yaml",
            "/",
            "/slots",
            "/slots/",
            "//slots/{s}",
            "/SLOTS/{s}",
            "/slots/{s}/",
            "/slots/{s}/bookings/{b}/extra",
            "/admin",
            "/admin/",
            "/.env",
            "/../../etc/passwd",
            "/%2e%2e/admin/venues/{v}",
            "/slots/{s}/bookings/{b}/../../..",
            "/venues/{v}",
            "/venues/{v}/days/{d}",
            "/health",
            "/metrics/",
            "/openapi.json",
            "/favicon.ico",
            "/slots/{s}/holds",
            "/slots/{s}/waitlist");
    boolean raw = random.nextInt(5) == 0;
    String method =
        raw && random.nextInt(3) == 0 ? pick(EdgeValues.RAW_METHODS) : pick(EdgeValues.METHODS);
    // Only reads and refused writes: admin writes without the token, public writes with a body no
    // route accepts, and
    // never the one real booking id (a DELETE of it would be a valid cancel).
    boolean mutating =
        !method.equals("GET")
            && !method.equals("HEAD")
            && !method.equals("OPTIONS")
            && !method.equals("TRACE");
    String path = pick(templates);
    path =
        path.replace(
            "{s}",
            raw && random.nextInt(3) == 0
                ? pick(EdgeValues.RAW_SEGMENTS)
                : random.nextInt(4) == 0 ? segment() : slotLike());
    path =
        path.replace(
            "{v}",
            raw && random.nextInt(3) == 0
                ? pick(EdgeValues.RAW_SEGMENTS)
                : random.nextInt(3) == 0 ? segment() : fixture.venue());
    path = path.replace("{b}", random.nextInt(3) == 0 ? segment() : bookingIdLike(!mutating));
    path =
        path.replace(
            "{d}",
            pick(
                List.of(
                    fixture.day(),
                    "2026-02-30",
                    "2026-13-01",
                    "+999999999-12-31",
                    "-999999999-01-01",
                    "0000-00-00",
                    "today",
                    "",
                    "2026-1-1",
                    "20261201")));
    if (random.nextInt(4) == 0)
      path +=
          "?"
              + pick(
                  List.of(
                      "a=b",
                      "a",
                      "=",
                      "&&",
                      "a=%ZZ".replace("%ZZ", raw ? "%ZZ" : "%25ZZ"),
                      "x=" + "y".repeat(1000),
                      "from=1&from=2"));
    List<Header> headers = new ArrayList<>();
    byte[] body = new byte[0];
    if (mutating) {
      if (path.startsWith("/admin")) headers.add(admin.wrongAuthorization());
      headers.add(Header.of("Content-Type", "application/json"));
      body = json(bookings.brokenBooking());
    }
    return new Attack(
        "path probe", method, path, headers, body, raw || !uriSafe(path), mutating, null);
  }

  Attack calendarQuery() {
    List<String> dates =
        List.of(
            fixture.day(),
            "2026-02-30",
            "2026-13-01",
            "+999999999-12-31",
            "-999999999-01-01",
            "0000-01-01",
            "9999-12-31",
            "",
            "2026-1-1",
            "20261201",
            "2026-12-01T00:00",
            "null",
            "%00",
            "2026-12-01%00",
            "2026-12-01&from=x",
            "x".repeat(3000));
    String venue = random.nextInt(4) == 0 ? segment() : fixture.venue();
    String path;
    if (random.nextBoolean()) {
      StringBuilder query = new StringBuilder();
      if (random.nextInt(6) != 0) query.append("from=").append(pick(dates));
      if (random.nextInt(6) != 0)
        query.append(query.length() > 0 ? "&" : "").append("to=").append(pick(dates));
      if (random.nextInt(5) == 0) query.append("&from=").append(pick(dates));
      path = "/venues/" + venue + "/calendar" + (query.length() > 0 ? "?" + query : "");
    } else {
      path = "/venues/" + venue + "/days/" + pick(dates) + "/slots";
    }
    String method = random.nextInt(8) == 0 ? "HEAD" : "GET";
    return new Attack(
        "calendar", method, path, List.of(), new byte[0], !uriSafe(path), false, null);
  }
}
