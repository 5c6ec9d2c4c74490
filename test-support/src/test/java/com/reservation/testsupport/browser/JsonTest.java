package com.reservation.testsupport.browser;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsWhatTheProtocolSends() {
    Object value =
        Json.parse(
            " {\"id\": 7, \"result\": {\"result\": {\"type\": \"string\", \"value\": \"a\\\"b\\\\c\\u00e9\\n\"},"
                + " \"list\": [1, -2.5e3, true, false, null, []], \"empty\": {}}} ");
    Map<String, Object> expectedInner = new LinkedHashMap<>();
    expectedInner.put("result", Map.of("type", "string", "value", "a\"b\\c\u00e9\n"));
    expectedInner.put("list", Arrays.asList(1L, -2500.0, true, false, null, List.of()));
    expectedInner.put("empty", Map.of());
    assertEquals(Map.of("id", 7L, "result", expectedInner), value);
  }

  @Test
  void writesWhatItReadsBack() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", 3);
    message.put("method", "Runtime.evaluate");
    message.put(
        "params",
        Map.of("expression", "document.querySelector(\"#a\")\t// \u0001", "awaitPromise", true));
    message.put("none", null);
    message.put("list", List.of(1.5, "x"));
    String text = Json.write(message);
    assertTrue(text.startsWith("{\"id\":3,\"method\":\"Runtime.evaluate\""), text);
    Map<String, Object> back = new LinkedHashMap<>(message);
    back.put("id", 3L);
    assertEquals(back, Json.parse(text));
  }

  @Test
  void refusesWhatIsNotJson() {
    for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "\"open", "tru", "{} x", "\"\\q\"")) {
      assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }
  }
}
