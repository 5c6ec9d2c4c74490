package com.reservation.http.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The node's logback.xml, as a node's JVM loads it: plain text by default, one JSON object per line
 * with {@code RESERVATION_LOG_FORMAT=json}. Each case runs a small JVM, since logging is configured
 * once per JVM.
 */
class LogFormatTest {

  /** Logs one line through SLF4J, configured by the product's logback.xml. */
  public static void main(String[] args) {
    LoggerFactory.getLogger("com.reservation.http.node.Node")
        .info("Listening on {} ({} slots)", "http://127.0.0.1:8080", 42);
  }

  private static String logOneLine(String format) throws Exception {
    Path config = Path.of(LogFormatTest.class.getResource("/logback.xml").toURI());
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + config,
                LogFormatTest.class.getName())
            .redirectErrorStream(true);
    builder.environment().remove("RESERVATION_LOG_FORMAT");
    if (format != null) builder.environment().put("RESERVATION_LOG_FORMAT", format);
    Process process = builder.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the probe JVM ended");
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  @Test
  void textByDefault() throws Exception {
    String line = logOneLine(null);
    assertTrue(
        line.matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  com\\.reservation\\.http\\.node\\.Node - Listening on http://127\\.0\\.0\\.1:8080 \\(42 slots\\)"),
        line);
  }

  @Test
  void jsonForLogShippers() throws Exception {
    List<String> lines = logOneLine("json").lines().toList();
    assertEquals(1, lines.size(), () -> String.join("\n", lines));
    JsonNode json = new ObjectMapper().readTree(lines.get(0));
    assertEquals("INFO", json.path("level").asText());
    assertEquals("com.reservation.http.node.Node", json.path("loggerName").asText());
    assertEquals(
        "Listening on http://127.0.0.1:8080 (42 slots)", json.path("formattedMessage").asText());
    assertTrue(json.path("timestamp").asLong() > 0);
  }
}
