package com.reservation.http.dto;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapper is strict about types and lenient only about unknown fields; bodies validate into
 * engine values.
 */
class JsonTest {

  private static BookingBody booking(String json) throws JsonProcessingException {
    return Json.MAPPER.readValue(json, BookingBody.class);
  }

  @Test
  void typesAreNeverCoerced() {
    for (String json :
        new String[] {
          "{\"customerId\":\"c\",\"seats\":\"2\"}",
          "{\"customerId\":\"c\",\"seats\":1.5}",
          "{\"customerId\":\"c\",\"seats\":1.0}",
          "{\"customerId\":\"c\",\"seats\":true}",
          "{\"customerId\":\"c\",\"seats\":\"\"}",
          "{\"customerId\":42}",
          "{\"customerId\":true}",
          "{\"customerId\":\"c\",\"contact\":{\"phone\":123}}",
          "{\"customerId\":\"c\"} {}"
        }) {
      assertThrows(JsonProcessingException.class, () -> booking(json), json);
    }
    assertThrows(
        JsonProcessingException.class,
        () -> Json.MAPPER.readValue("{\"from\":20261201}", ScheduleBody.class),
        "dates only from ISO strings");
    assertThrows(
        JsonProcessingException.class,
        () -> Json.MAPPER.readValue("{\"daysOfWeek\":[0]}", ScheduleBody.class),
        "days of the week by name only");
  }

  @Test
  void unknownFieldsAreIgnored() throws JsonProcessingException {
    BookingBody body = booking("{\"customerId\":\"c\",\"seats\":2,\"somethingNew\":{\"a\":1}}");
    assertEquals(new BookingBody("c", 2, null), body);
  }

  @Test
  void bookingBodiesValidate() throws JsonProcessingException {
    assertEquals(
        new BookingBody.Valid("c", 1, Map.of()), booking("{\"customerId\":\"c\"}").validate(10));
    assertEquals(1, booking("{\"customerId\":\"A-z.0_9:x\",\"seats\":null}").validate(10).seats());
    for (String json :
        new String[] {
          "{\"customerId\":\"c\",\"seats\":0}",
          "{\"customerId\":\"c\",\"seats\":11}",
          "{\"customerId\":\"c d\"}",
          "{\"customerId\":\"ç\"}",
          "{\"customerId\":\"c\",\"contact\":{\"\":\"x\"}}",
          "{\"customerId\":\"c\",\"contact\":{\"n\":null}}"
        }) {
      BookingBody body = booking(json);
      assertThrows(InvalidRequest.class, () -> body.validate(10), json);
    }
    assertFalse(
        booking("{\"customerId\":\"c\",\"contact\":{\"name\":\"Fadhil\"}}")
            .toString()
            .contains("Fadhil"));
  }

  @Test
  void timesAreWrittenAsTheContractShowsThem() throws JsonProcessingException {
    SlotResponse slot =
        new SlotResponse(
            "pwtc_20261201_0920",
            "pwtc",
            LocalDateTime.parse("2026-12-01T09:20"),
            Instant.parse("2026-12-01T01:20:00Z"),
            LocalDateTime.parse("2026-12-01T09:30"),
            100,
            1,
            99,
            "OPEN",
            0,
            0);
    String json = Json.MAPPER.writeValueAsString(slot);
    assertTrue(json.contains("\"start\":\"2026-12-01T09:20\""), json);
    assertTrue(json.contains("\"startInstant\":\"2026-12-01T01:20:00Z\""), json);
    String booking =
        Json.MAPPER.writeValueAsString(
            new BookingResponse(
                "b",
                "s",
                "c",
                1,
                "CONFIRMED",
                Instant.parse("2026-12-01T01:20:00.123Z"),
                null,
                null));
    assertEquals(
        "{\"bookingId\":\"b\",\"slotId\":\"s\",\"customerId\":\"c\",\"seats\":1,\"status\":\"CONFIRMED\","
            + "\"bookedAt\":\"2026-12-01T01:20:00.123Z\"}",
        booking,
        "absent cancelledAt and contact are left out");
  }
}
