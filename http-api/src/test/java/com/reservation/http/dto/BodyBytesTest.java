package com.reservation.http.dto;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written bodies of the hot answers equal, byte for byte, what the configured mapper
 * writes for them.
 */
class BodyBytesTest {
  private static final String CHARS = "aZ09 -_:.\"\\/é€\u0000\n\t\u001F\uD83D\uDE00";

  @Test
  void bookingsAreWrittenAsTheMapperWritesThem() throws JsonProcessingException {
    Random random = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      BookingResponse booking =
          new BookingResponse(
              maybe(random, text(random)),
              maybe(random, text(random)),
              maybe(random, text(random)),
              random.nextInt(20) - 5,
              maybe(random, random.nextBoolean() ? "CONFIRMED" : "CANCELLED"),
              maybe(random, instant(random)),
              maybe(random, instant(random)),
              random.nextInt(4) == 0 ? null : contact(random),
              random.nextBoolean() ? null : text(random));
      assertArrayEquals(
          Json.MAPPER.writeValueAsBytes(booking), booking.toJsonBytes(), booking::toString);
    }
  }

  @Test
  void slotsAreWrittenAsTheMapperWritesThem() throws JsonProcessingException {
    Random random = new Random(2);
    for (int i = 0; i < 20_000; i++) {
      SlotResponse slot =
          new SlotResponse(
              maybe(random, text(random)),
              maybe(random, text(random)),
              maybe(random, localTime(random)),
              maybe(random, instant(random)),
              maybe(random, localTime(random)),
              random.nextInt(),
              random.nextInt(100_001),
              random.nextInt(100_001),
              maybe(random, random.nextBoolean() ? "OPEN" : "CLOSED"),
              random.nextInt(100_001),
              random.nextInt(10_001));
      assertArrayEquals(Json.MAPPER.writeValueAsBytes(slot), slot.toJsonBytes(), slot::toString);
    }
  }

  private static <T> T maybe(Random random, T value) {
    return random.nextInt(10) == 0 ? null : value;
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(30);
    for (int i = 0; i < length; i++) text.append(CHARS.charAt(random.nextInt(CHARS.length())));
    return text.toString();
  }

  /** Instants with and without fractions of a second (toString drops zero parts). */
  private static Instant instant(Random random) {
    long seconds = 1_700_000_000L + random.nextInt(200_000_000);
    int nanos =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(1000) * 1_000_000;
          case 2 -> random.nextInt(1_000_000) * 1000;
          default -> random.nextInt(1_000_000_000);
        };
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** Whole minutes mostly, as slots have them, and sometimes seconds. */
  private static LocalDateTime localTime(Random random) {
    LocalDateTime time =
        LocalDateTime.of(
            2026,
            1 + random.nextInt(12),
            1 + random.nextInt(28),
            random.nextInt(24),
            random.nextInt(60));
    return random.nextInt(5) == 0 ? time.withSecond(random.nextInt(60)) : time;
  }

  private static Map<String, String> contact(Random random) {
    Map<String, String> contact = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
    int fields = random.nextInt(5);
    for (int i = 0; i < fields; i++)
      contact.put(text(random), random.nextInt(8) == 0 ? null : text(random));
    return random.nextBoolean()
        ? contact
        : Map.copyOf(Map.of("name", "Fadhil", "phone", "0123456789"));
  }
}
