package com.reservation.gatling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  private static String code(String body) {
    return Problems.code(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheCodeWithOrWithoutSpaces() {
    assertEquals(
        "slot-full", code("{\"type\":\"/problems/slot-full\",\"title\":\"x\",\"status\":409}"));
    assertEquals(
        "already-booked", code("{\"title\": \"x\", \"type\": \"/problems/already-booked\"}"));
  }

  @Test
  void noCodeWithoutAProblemType() {
    assertNull(code("{\"status\":\"UP\"}"));
    assertNull(code(""));
    assertNull(code("/problems/"));
  }
}
