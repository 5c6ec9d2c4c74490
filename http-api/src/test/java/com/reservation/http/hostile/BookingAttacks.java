package com.reservation.http.hostile;

import com.reservation.http.hostile.Attack.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bookings with a broken body: a body with at least one defect the contract refuses ({@link
 * #bookingBreakers}), changes that are harmless on their own ({@link #harmless}), and encodings the
 * node must cope with ({@link #encode}). The other kinds borrow the broken booking and the
 * encodings.
 */
final class BookingAttacks extends Draws {
  BookingAttacks(SplittableRandom random, AttackGenerator.Fixture fixture) {
    super(random, fixture);
  }

  Attack booking() {
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
  JsonText brokenBooking() {
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
  void harmless(JsonText body) {
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
  byte[] encode(JsonText body, boolean rawAllowed) {
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
