package com.reservation.http.hostile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every kind of attack draws from: one seeded generator, shared by all kinds so that a seed
 * replays the same requests in the same order; the node's fixture; and edge values around its ids
 * (slot ids, path segments, booking ids, idempotency keys), with the byte helpers the kinds share.
 */
abstract class Draws {
  final SplittableRandom random;
  final AttackGenerator.Fixture fixture;

  Draws(SplittableRandom random, AttackGenerator.Fixture fixture) {
    this.random = random;
    this.fixture = fixture;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  String slotLike() {
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

  String segment() {
    return random.nextInt(3) == 0
        ? pick(EdgeValues.SEGMENTS)
        : random.nextBoolean() ? slotLike() : fixture.venue();
  }

  String bookingIdLike(boolean mayBeReal) {
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

  String idempotencyKey() {
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

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  byte[] json(JsonText body) {
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
}
