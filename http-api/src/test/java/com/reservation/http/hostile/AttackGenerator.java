package com.reservation.http.hostile;

import com.reservation.http.hostile.Attack.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile requests: the same seed makes the same requests. Paths (the routes'
 * templates with their segments replaced by edge values, and paths no route has), methods, headers,
 * JSON shapes, sizes, encodings and numbers at the edges; some as raw bytes no client library would
 * send.
 *
 * <p>Every request that could change state if accepted (a booking, a cancel, an admin change)
 * carries at least one defect that the contract says is refused ({@link #bookingBreakers}, {@link
 * #venueBreakers}, ...), or goes without the right token; so none of them may be answered with 2xx,
 * and none may change a slot. Reads may succeed.
 */
final class AttackGenerator {
  /** What the node under attack holds: one venue, its slots, one booking, the admin token. */
  record Fixture(
      String venue, List<String> slots, String bookingId, String day, String adminToken) {}

  /** The kind of attack that may end without an answer (see {@link #wire}). */
  static final String BROKEN_FRAMING = "wire, chunked framing broken mid-body";

  private final SplittableRandom random;
  private final Fixture fixture;

  AttackGenerator(long seed, Fixture fixture) {
    this.random = new SplittableRandom(seed);
    this.fixture = fixture;
  }

  Attack next() {
    int kind = random.nextInt(100);
    if (kind < 18) return pathProbe();
    if (kind < 42) return booking();
    if (kind < 52) return adminWithoutTheToken();
    if (kind < 66) return adminWithTheToken();
    if (kind < 76) return calendarQuery();
    if (kind < 88) return wire();
    return headerProbe();
  }

  // ------------------------------------------------------------------ edge values

  private String slotLike() {
    List<String> slots = new ArrayList<>(fixture.slots());
    String venue = fixture.venue();
    slots.addAll(
        List.of(
            venue + "_20261301_0900",
            venue + "_20260230_0900",
            venue + "_99999999_9999",
            venue + "_00000000_0000",
            venue + "_20261201_2400",
            venue + "_20261201_0961",
            venue + "_2026120_0900",
            venue + "_20261201_090",
            venue + "__0900",
            "_20261201_0900",
            "UPPER_20261201_0900",
            "nosuchvenue_20261201_0900",
            "a".repeat(41) + "_20261201_0900",
            venue + "_20261201_0900_extra",
            venue + "-20261201-0900",
            venue + "_+2026120_0900",
            venue + "_-2026120_0900"));
    return pick(slots);
  }

  private String segment() {
    return random.nextInt(3) == 0
        ? pick(EdgeValues.SEGMENTS)
        : random.nextBoolean() ? slotLike() : fixture.venue();
  }

  private String bookingIdLike(boolean mayBeReal) {
    List<String> ids =
        new ArrayList<>(
            List.of(
                "AAAAAAAAAAAAAAAAAAAAAA",
                "b".repeat(64),
                "b".repeat(65),
                "not-a-booking",
                "a+b/c=",
                "%2B%2F",
                "0",
                "-1",
                "x".repeat(500),
                "%00"));
    if (mayBeReal) ids.add(fixture.bookingId());
    return pick(ids);
  }

  // ------------------------------------------------------------------ 1. paths no route expects

  private Attack pathProbe() {
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
      if (path.startsWith("/admin")) headers.add(wrongAuthorization());
      headers.add(Header.of("Content-Type", "application/json"));
      body = json(brokenBooking());
    }
    return new Attack(
        "path probe", method, path, headers, body, raw || !uriSafe(path), mutating, null);
  }

  // ------------------------------------------------------------------ 2. bookings with a broken
  // body

  private Attack booking() {
    String slot = random.nextInt(5) == 0 ? slotLike() : pick(fixture.slots());
    List<Header> headers = new ArrayList<>();
    headers.add(Header.of("Content-Type", pick(EdgeValues.JSON_TYPES)));
    if (random.nextBoolean()) headers.add(Header.of("Idempotency-Key", idempotencyKey()));
    boolean raw = random.nextInt(6) == 0;
    byte[] body = encode(brokenBooking(), raw);
    if (random.nextInt(10) == 0)
      headers.set(0, Header.of("Content-Type", pick(EdgeValues.OTHER_TYPES)));
    if (random.nextInt(12) == 0)
      headers.add(
          Header.of(
              "Content-Encoding",
              pick(List.of("gzip", "deflate", "br", "identity", "gzip, gzip", "x-bogus"))));
    String method = random.nextInt(15) == 0 ? pick(List.of("PUT", "PATCH")) : "POST";
    return new Attack(
        "booking", method, "/slots/" + slot + "/bookings", headers, body, raw, true, null);
  }

  /**
   * A booking body with at least one defect the contract refuses, plus changes that are harmless on
   * their own.
   */
  private JsonText brokenBooking() {
    JsonText body =
        JsonText.object()
            .put("customerId", quote("attack-" + random.nextInt(1_000_000)))
            .put("seats", "1")
            .put("contact", "{\"name\":\"Attack\",\"phone\":\"0123456789\"}");
    int defects = 1 + (random.nextInt(4) == 0 ? 1 : 0);
    for (int i = 0; i < defects; i++)
      bookingBreakers().get(random.nextInt(bookingBreakers().size())).accept(body);
    harmless(body);
    return body;
  }

  private List<java.util.function.Consumer<JsonText>> bookingBreakers() {
    return List.of(
        b ->
            b.put(
                "customerId",
                pick(
                    List.of(
                        "\"\"",
                        "\" \"",
                        "\"a b\"",
                        "\"a/b\"",
                        "\"\u00fc\"",
                        quote("x".repeat(65)),
                        "\"<script>\"",
                        "\"'; DROP TABLE event_journal;--\"",
                        "\"\\u0000\"",
                        "null",
                        "123",
                        "true",
                        "[]",
                        "{}",
                        "\"a\\nb\""))),
        b -> b.remove("customerId"),
        b ->
            b.put(
                "seats",
                pick(
                    List.of(
                        "0",
                        "-1",
                        "11",
                        "2147483647",
                        "2147483648",
                        "-2147483649",
                        "9223372036854775808",
                        "1.5",
                        "1.0",
                        "1e2",
                        "1E400",
                        "-0.0",
                        "\"1\"",
                        "\"one\"",
                        "true",
                        "[]",
                        "{}",
                        "1e-400",
                        "-0",
                        "10000000000000000000000",
                        "1" + "0".repeat(2000),
                        "NaN",
                        "Infinity",
                        "-Infinity",
                        "0x1",
                        "01",
                        "+1",
                        ".5",
                        "1."))),
        b ->
            b.put(
                "contact",
                pick(
                    List.of(
                        "[]",
                        "\"x\"",
                        "1",
                        "true",
                        "{\"a\":1}",
                        "{\"a\":null}",
                        "{\"a\":{}}",
                        "{\"a\":[]}",
                        elevenFields(),
                        "{\"\":\"x\"}",
                        "{\"a\":" + quote("v".repeat(201)) + "}",
                        "{" + quote("k".repeat(201)) + ":\"v\"}"))),
        b -> b.duplicate(pick(List.of("customerId", "seats", "contact"))),
        b -> b.contactDuplicate(),
        b ->
            b.shape(
                pick(
                    List.of(
                        "[]",
                        "\"x\"",
                        "1",
                        "null",
                        "true",
                        "{}",
                        "{",
                        "}",
                        "",
                        "{\"customerId\":",
                        "[{}]",
                        "{}{}"))),
        b -> b.suffix(pick(List.of(" x", "}", ",", "{}", " // comment", "\u0000", "]"))),
        b ->
            b.syntax(
                pick(
                    List.of("comment", "single-quotes", "unquoted-keys", "trailing-comma", "nan"))),
        b -> b.put("contact", "{\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}"),
        b -> b.put("customerId", "\"" + "\\ud800" + "\""),
        b -> b.invalidUtf8("customerId"));
  }

  private String elevenFields() {
    StringBuilder fields = new StringBuilder("{");
    for (int i = 0; i < 11; i++)
      fields.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":\"v\"");
    return fields.append('}').toString();
  }

  /**
   * Changes that leave a body's meaning alone: unknown fields, whitespace, order, escaped key
   * names, padding.
   */
  private void harmless(JsonText body) {
    if (random.nextInt(3) == 0)
      body.put(
          "unknown" + random.nextInt(10),
          pick(List.of("1", "null", "\"x\"", "{\"nested\":[1,2,3]}", "[]")));
    if (random.nextInt(4) == 0) body.shuffle(random);
    if (random.nextInt(4) == 0) body.escapeKeys();
    if (random.nextInt(3) == 0) body.whitespace(pick(List.of(" ", "\n", "\t", "\r\n", "  \n  ")));
    if (random.nextInt(12) == 0) body.padTo(pick(List.of(65_535, 65_536, 65_537, 70_000, 200_000)));
  }

  /** The body's bytes, sometimes in another encoding or with bytes no encoding allows. */
  private byte[] encode(JsonText body, boolean rawAllowed) {
    String text = body.render();
    int choice = random.nextInt(12);
    return switch (choice) {
      case 0 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, JsonText.utf8(text));
      case 1 -> text.getBytes(StandardCharsets.UTF_16BE);
      case 2 -> text.getBytes(StandardCharsets.UTF_16LE);
      case 3 -> text.getBytes(StandardCharsets.UTF_16);
      case 4 -> text.getBytes(Charset.forName("UTF-32BE"));
      case 5 -> text.getBytes(StandardCharsets.ISO_8859_1);
      case 6 -> gzip(JsonText.utf8(text));
      default -> JsonText.utf8(text);
    };
  }

  // ------------------------------------------------------------------ 3. admin without the right
  // token

  private Header wrongAuthorization() {
    String token = fixture.adminToken();
    String scheme =
        pick(List.of("Bearer", "bearer", "BEARER", "Basic", "Token", "", "Bearer  ", "Digest"));
    String wrong =
        pick(
            List.of(
                token + "x",
                token.substring(1),
                token.toUpperCase(),
                token.substring(0, token.length() - 1) + "!",
                "",
                " ",
                "null",
                "undefined",
                "x".repeat(5000),
                "\u00e9" + token,
                token + " " + token,
                token + "," + token));
    return Header.of("Authorization", (scheme + " " + wrong).trim());
  }

  private Attack adminWithoutTheToken() {
    String venue = random.nextBoolean() ? fixture.venue() : segment();
    String slot = slotLike();
    record Op(String method, String path, String body) {}
    List<Op> ops =
        List.of(
            new Op(
                "PUT", "/admin/venues/" + venue, "{\"name\":\"Taken over\",\"timeZone\":\"UTC\"}"),
            new Op(
                "POST",
                "/admin/venues/" + venue + "/schedules",
                "{\"from\":\""
                    + fixture.day()
                    + "\",\"to\":\""
                    + fixture.day()
                    + "\",\"dailyStart\":\"11:00\",\"dailyEnd\":\"12:00\",\"slotMinutes\":30,\"capacity\":5}"),
            new Op("PATCH", "/admin/slots/" + slot, "{\"capacity\":1,\"status\":\"CLOSED\"}"),
            new Op("PATCH", "/admin/slots/" + pick(fixture.slots()), "{\"capacity\":100000}"),
            new Op("GET", "/admin/cluster", ""),
            new Op("POST", "/admin/cluster/leave", ""),
            new Op(
                "DELETE",
                "/admin/cluster/members/"
                    + pick(
                        List.of(
                            "127.0.0.1:25520",
                            "127.0.0.1%3A25520",
                            "akka%3A%2F%2Freservation%40127.0.0.1%3A1",
                            "x")),
                ""),
            new Op("GET", "/admin/cluster/slots/" + slot, ""),
            new Op("DELETE", "/admin/venues/" + venue, ""));
    Op op = pick(ops);
    List<Header> headers = new ArrayList<>();
    if (random.nextInt(5) != 0) headers.add(wrongAuthorization());
    if (!op.body.isEmpty()) headers.add(Header.of("Content-Type", "application/json"));
    boolean raw = random.nextInt(5) == 0;
    if (raw && random.nextBoolean()) {
      // Bytes a header may not hold, around a token that would be right.
      headers.removeIf(h -> h.name().equals("Authorization"));
      headers.add(
          new Header(
              "Authorization",
              concat(
                  "Bearer ".getBytes(StandardCharsets.ISO_8859_1),
                  new byte[] {pick(List.of(0x00, 0x7f, 0xff, 0x0b)).byteValue()},
                  fixture.adminToken().getBytes(StandardCharsets.ISO_8859_1))));
    }
    boolean mutating = !op.method.equals("GET");
    return new Attack(
        "admin without the token",
        op.method,
        op.path,
        headers,
        op.body.getBytes(StandardCharsets.UTF_8),
        raw,
        mutating,
        null);
  }

  // ------------------------------------------------------------------ 4. admin with the token, and
  // a broken body

  private Attack adminWithTheToken() {
    List<Header> headers = new ArrayList<>();
    headers.add(
        Header.of(
            "Authorization",
            pick(List.of("Bearer ", "bearer ", "BEARER ")) + fixture.adminToken()));
    headers.add(
        Header.of(
            "Content-Type",
            random.nextInt(10) == 0 ? pick(EdgeValues.OTHER_TYPES) : pick(EdgeValues.JSON_TYPES)));
    int which = random.nextInt(4);
    String venue =
        random.nextInt(4) == 0
            ? segment()
            : random.nextBoolean() ? fixture.venue() : "attack-new-venue";
    JsonText body;
    String method;
    String path;
    if (which == 0) {
      method = "PUT";
      path = "/admin/venues/" + venue;
      body = JsonText.object().put("name", quote("Attacked")).put("timeZone", quote("UTC"));
      venueBreakers().get(random.nextInt(venueBreakers().size())).accept(body);
    } else if (which == 1) {
      method = "POST";
      path = "/admin/venues/" + venue + "/schedules";
      body =
          JsonText.object()
              .put("from", quote(fixture.day()))
              .put("to", quote(fixture.day()))
              .put("dailyStart", quote("11:00"))
              .put("dailyEnd", quote("12:00"))
              .put("slotMinutes", "30")
              .put("capacity", "5");
      scheduleBreakers().get(random.nextInt(scheduleBreakers().size())).accept(body);
    } else {
      method = "PATCH";
      path = "/admin/slots/" + (random.nextInt(4) == 0 ? slotLike() : pick(fixture.slots()));
      body = JsonText.object().put("capacity", "6");
      patchBreakers().get(random.nextInt(patchBreakers().size())).accept(body);
    }
    harmless(body);
    boolean raw = random.nextInt(8) == 0;
    return new Attack(
        "admin with the token",
        method,
        path,
        headers,
        encode(body, raw),
        raw || !uriSafe(path),
        true,
        null);
  }

  private List<java.util.function.Consumer<JsonText>> venueBreakers() {
    return List.of(
        b ->
            b.put(
                "name",
                pick(List.of("\"\"", quote("n".repeat(201)), "1", "null", "[]", "{}", "true"))),
        b -> b.remove("name"),
        b ->
            b.put(
                "timeZone",
                pick(
                    List.of(
                        "\"Mars/Phobos\"",
                        "\"\"",
                        "\"UTC+25\"",
                        "\"utc \"",
                        "1",
                        "null",
                        "\"../../etc/localtime\"",
                        quote("Z".repeat(300))))),
        b -> b.remove("timeZone"),
        b -> b.duplicate(pick(List.of("name", "timeZone"))),
        b -> b.shape(pick(List.of("[]", "\"x\"", "null", "{", "{}"))),
        b -> b.invalidUtf8("timeZone"));
  }

  private List<java.util.function.Consumer<JsonText>> scheduleBreakers() {
    return List.of(
        b ->
            b.put(
                "from",
                pick(
                    List.of(
                        "\"2026-02-30\"",
                        "\"2026-13-01\"",
                        "\"+999999999-12-31\"",
                        "\"-999999999-01-01\"",
                        "\"\"",
                        "20261201",
                        "null",
                        "\"2026-12-01T00:00\""))),
        b ->
            b.put(
                "to",
                pick(List.of("\"2026-02-30\"", "\"1970-01-01\"", "\"9999-12-31\"", "null", "[]"))),
        b ->
            b.put(
                "dailyStart",
                pick(
                    List.of(
                        "\"25:00\"",
                        "\"24:00\"",
                        "\"9:00\"",
                        "\"09:60\"",
                        "\"-01:00\"",
                        "\"\"",
                        "900",
                        "\"13:00\""))),
        b ->
            b.put(
                "dailyEnd", pick(List.of("\"10:00\"", "\"24:01\"", "\"xx\"", "null", "\"11:00\""))),
        b ->
            b.put(
                "slotMinutes",
                pick(
                    List.of(
                        "0", "-5", "1441", "2147483648", "1.5", "\"30\"", "null", "999999999"))),
        b ->
            b.put(
                "capacity",
                pick(List.of("0", "-1", "100001", "2147483647", "1e5", "\"5\"", "null", "[5]"))),
        b ->
            b.put(
                "daysOfWeek",
                pick(
                    List.of(
                        "[\"FUNDAY\"]",
                        "[1]",
                        "[\"monday\"]",
                        "\"MONDAY\"",
                        "[null]",
                        "[[]]",
                        "{}"))),
        b -> b.duplicate(pick(List.of("from", "capacity", "slotMinutes"))),
        b ->
            b.remove(
                pick(List.of("from", "to", "dailyStart", "dailyEnd", "slotMinutes", "capacity"))),
        b -> b.shape(pick(List.of("[]", "null", "{", "1"))),
        b -> b.put("from", "\"1900-01-01\"").put("to", "\"2999-12-31\"").put("slotMinutes", "1"));
  }

  private List<java.util.function.Consumer<JsonText>> patchBreakers() {
    return List.of(
        b ->
            b.put(
                "capacity",
                pick(
                    List.of(
                        "0", "-1", "100001", "2147483648", "1.5", "\"6\"", "true", "[]", "1e3"))),
        b ->
            b.put(
                "status",
                pick(List.of("\"DELETED\"", "\"open\"", "\"\"", "1", "true", "[]", "\"OPEN \""))),
        b -> b.duplicate("capacity"),
        b -> b.shape(pick(List.of("[]", "null", "{", "1", "\"x\""))),
        b -> b.invalidUtf8("status"));
  }

  // ------------------------------------------------------------------ 5. calendar and timetable
  // queries

  private Attack calendarQuery() {
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

  // ------------------------------------------------------------------ 6. the wire itself

  private Attack wire() {
    String slot = pick(fixture.slots());
    String booking = "/slots/" + slot + "/bookings";
    byte[] body = json(brokenBooking());
    String cl = "Content-Length: " + body.length + "\r\n";
    List<String> heads =
        List.of(
            "GET /slots/" + slot + " HTTP/1.0\r\n\r\n",
            "GET /slots/" + slot + " HTTP/2.0\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.2\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + " HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1 extra\r\nHost: x\r\n\r\n",
            "GET  /slots/" + slot + "  HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + "\r\n\r\n",
            "GET\r\n\r\n",
            "\r\n\r\nGET /slots/" + slot + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET http://127.0.0.1/slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET http://evil.example/admin/cluster HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1:80\r\nConnection: close\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1\r\nConnection: close\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nNoColonHere\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nBad Name: v\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\n: empty-name\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\nConnection: close\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1\nHost: x\nConnection: close\n\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Long: "
                + "v".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\n"
                + "X-Many: v\r\n".repeat(200)
                + "Connection: close\r\n\r\n",
            "GET /slots/"
                + "s".repeat(10_000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1, 2\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\nContent-Length: 4\r\nConnection: close\r\n\r\n{}{}",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + cl
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: identity\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                + cl
                + "Connection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: the-unexpected\r\n"
                + cl
                + "Connection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
                + cl
                + "\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nUpgrade: h2c\r\nHTTP2-Settings: AAAA\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + cl
                + "\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
            "GET /slots/" + slot + "\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Latin: caf\u00e9\r\nIdempotency-Key: \u00ff\u00fe\r\nConnection: close\r\n\r\n");
    if (random.nextInt(40) == 0) {
      // Chunked framing that breaks after the request was dispatched: Akka aborts the connection
      // (nothing is
      // processed), so this one may end without an answer; see HostileInputTest.
      byte[] broken =
          ("POST "
                  + booking
                  + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                  + "Connection: close\r\n\r\n"
                  + pick(
                      List.of("ZZ\r\n", "5\r\n{\"a\":1}\r\n", "-1\r\n", "ffffffffffffffffff\r\n")))
              .getBytes(StandardCharsets.ISO_8859_1);
      return new Attack(BROKEN_FRAMING, "RAW", "", List.of(), new byte[0], true, true, broken);
    }
    String head = pick(heads);
    boolean chunkedBody = random.nextInt(4) == 0;
    byte[] wire;
    if (chunkedBody) {
      // A broken booking in valid chunks, with an extension and a trailer.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(
          ("POST "
                  + booking
                  + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      int half = body.length / 2;
      out.writeBytes(
          (Integer.toHexString(half) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, half);
      out.writeBytes(
          ("\r\n" + Integer.toHexString(body.length - half) + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, half, body.length - half);
      out.writeBytes("\r\n0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      wire = out.toByteArray();
    } else {
      byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
      // Requests that announce a body get the broken booking (whatever length they claimed).
      wire = head.startsWith("POST") && head.contains(cl) ? concat(headBytes, body) : headBytes;
    }
    // A GET, OPTIONS or CONNECT cannot change anything, whatever its bytes; what announces a body
    // is a broken booking.
    boolean mutating =
        chunkedBody
            || head.startsWith("POST")
            || head.startsWith("PRI")
            || head.startsWith("\u0016");
    return new Attack("wire", "RAW", "", List.of(), new byte[0], true, mutating, wire);
  }

  // ------------------------------------------------------------------ 7. headers on otherwise
  // plain requests

  private Attack headerProbe() {
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
          json(brokenBooking()),
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

  private String idempotencyKey() {
    return pick(
        List.of(
            "key-" + random.nextInt(1000),
            "",
            " ",
            "k".repeat(64),
            "k".repeat(65),
            "k".repeat(5000),
            "a b",
            "\u00e9",
            "'; DROP TABLE",
            "..",
            "%00"));
  }

  // ------------------------------------------------------------------ helpers

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private byte[] json(JsonText body) {
    return JsonText.utf8(body.render());
  }

  /** What java.net.URI accepts as is; anything else goes raw. */
  static boolean uriSafe(String target) {
    try {
      java.net.URI uri = new java.net.URI("http://127.0.0.1:1" + target);
      return uri.getRawPath() != null && target.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) out.writeBytes(part);
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
