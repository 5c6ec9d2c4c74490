package com.reservation.http.hostile;

import com.reservation.http.hostile.Attack.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The admin routes: without the right token (every method, a wrong scheme or token, bytes a header
 * may not hold), and with the token but a body that breaks one of the venue, schedule or slot rules
 * ({@link #venueBreakers}, {@link #scheduleBreakers}, {@link #patchBreakers}).
 */
final class AdminAttacks extends Draws {
  private final BookingAttacks bookings;

  AdminAttacks(SplittableRandom random, AttackGenerator.Fixture fixture, BookingAttacks bookings) {
    super(random, fixture);
    this.bookings = bookings;
  }

  Header wrongAuthorization() {
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

  Attack adminWithoutTheToken() {
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

  Attack adminWithTheToken() {
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
    bookings.harmless(body);
    boolean raw = random.nextInt(8) == 0;
    return new Attack(
        "admin with the token",
        method,
        path,
        headers,
        bookings.encode(body, raw),
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
}
