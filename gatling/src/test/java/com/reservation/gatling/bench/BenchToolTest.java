package com.reservation.gatling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code gatling/bench_tool_test.py} (the RESULT lines that {@code bench.sh} prints), so that
 * {@code ./mvnw verify} checks them too; skipped, saying so, without python3.
 */
class BenchToolTest {
  @Test
  void theReportsUnitTestsPass() throws Exception {
    Path script = Path.of("bench_tool_test.py").toAbsolutePath();
    Assumptions.assumeTrue(Files.exists(script), "SKIPPED: run from the gatling module directory");
    Process process;
    try {
      process =
          new ProcessBuilder("python3", script.toString())
              .directory(script.getParent().toFile())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("SKIPPED: python3 is not installed: " + e.getMessage());
      return;
    }
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) process.destroyForcibly();
    assertEquals(0, ended ? process.exitValue() : -1, output);
  }
}
