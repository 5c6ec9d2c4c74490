package com.reservation.gatling.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the gatling module's Python unit-test scripts (the reports of {@code bench.sh} and
 * {@code opening-rush.sh}), so that {@code ./mvnw verify} checks them too; the calling test is
 * skipped, saying so, without python3.
 */
public final class PythonScript {
  private PythonScript() {}

  /** Runs {@code script} (relative to the gatling module directory) and asserts it exits 0. */
  public static void assertPasses(String script) throws IOException, InterruptedException {
    Path path = Path.of(script).toAbsolutePath();
    Assumptions.assumeTrue(Files.exists(path), "SKIPPED: run from the gatling module directory");
    Process process;
    try {
      process =
          new ProcessBuilder("python3", path.toString())
              .directory(path.getParent().toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      Assumptions.abort("SKIPPED: python3 is not installed: " + e.getMessage());
      return;
    }
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) process.destroyForcibly();
    assertEquals(0, ended ? process.exitValue() : -1, output);
  }
}
