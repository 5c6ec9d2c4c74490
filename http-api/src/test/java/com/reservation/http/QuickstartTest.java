package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.TestNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The documented first steps work as written against a started node: the curl session between the
 * quickstart markers of docs/quickstart.md (and of README.md once it carries them), run by bash,
 * and the {@code seed} command.
 */
class QuickstartTest {
  static final String BEGIN = "<!-- quickstart:begin -->";
  static final String END = "<!-- quickstart:end -->";

  @TempDir static Path dataDir;
  @TempDir static Path scratch;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void quickstartSessionRunsAsWritten() throws Exception {
    Path root = repositoryRoot();
    List<Path> documents = new ArrayList<>(List.of(root.resolve("docs/quickstart.md")));
    Path readme = root.resolve("README.md");
    if (Files.exists(readme) && Files.readString(readme).contains(BEGIN)) documents.add(readme);
    for (Path document : documents) {
      String block = bashBlock(Files.readString(document));
      assertTrue(block.contains("BASE=${BASE:-http://127.0.0.1:8080}"), document + " uses $BASE");
      assertTrue(
          block.contains("TOKEN=${RESERVATION_ADMIN_TOKEN:?"),
          document + " uses $RESERVATION_ADMIN_TOKEN");
      assertTrue(block.contains("set -euo pipefail"), document + " stops at the first failure");
      // Twice: the session is safe to run again (same venue, same slots, the Idempotency-Key
      // replays).
      for (int run = 1; run <= 2; run++) {
        Result result = runBash(block);
        assertEquals(0, result.exit(), document + " run " + run + " failed:\n" + result.output());
        assertTrue(result.output().contains("\"status\":\"CANCELLED\""), result.output());
      }
    }
    // The seed command makes the same venue and slot layout, so it runs after (or before) the
    // session.
    StringWriter seeded = new StringWriter();
    assertEquals(
        0,
        Main.commandLine()
            .setOut(new PrintWriter(seeded, true))
            .execute("seed", "--url", node.baseUrl(), "--token", TestNode.TOKEN),
        seeded.toString());
    assertEquals(0, runBash(bashBlock(Files.readString(documents.get(0)))).exit());
  }

  @Test
  void seedCreatesTwoMonthsOfSlotsOnceAndOnlyOnce() {
    String[] args = {
      "seed", "--url", node.baseUrl(), "--token", TestNode.TOKEN, "--venue", "seeded"
    };
    StringWriter first = new StringWriter();
    assertEquals(
        0, Main.commandLine().setOut(new PrintWriter(first, true)).execute(args), first.toString());
    assertTrue(first.toString().contains("Venue seeded (UTC): created"), first.toString());
    assertTrue(first.toString().contains("2928 slots defined, 0 already there"), first.toString());

    StringWriter second = new StringWriter();
    assertEquals(0, Main.commandLine().setOut(new PrintWriter(second, true)).execute(args));
    assertTrue(second.toString().contains("Venue seeded (UTC): already there"), second.toString());
    assertTrue(
        second.toString().contains("0 slots defined, 2928 already there"), second.toString());

    String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    String last = java.time.LocalDate.parse(tomorrow).plusDays(60).toString();
    var calendar = node.get("/venues/seeded/calendar?from=" + tomorrow + "&to=" + last).json();
    assertEquals(61, calendar.path("days").size());
    assertEquals(48, calendar.path("days").path(0).path("slots").asInt());

    StringWriter wrongToken = new StringWriter();
    CommandLine refused = Main.commandLine().setErr(new PrintWriter(wrongToken, true));
    assertEquals(
        1, refused.execute("seed", "--url", node.baseUrl(), "--token", "not-the-token-000"));
    assertTrue(wrongToken.toString().contains("401"), wrongToken.toString());
  }

  record Result(int exit, String output) {}

  private Result runBash(String script) throws IOException, InterruptedException {
    Path file = Files.createTempFile(scratch, "quickstart", ".sh");
    Files.writeString(file, script);
    Path output = scratch.resolve(file.getFileName() + ".out");
    ProcessBuilder builder =
        new ProcessBuilder("bash", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("BASE", node.baseUrl());
    builder.environment().put("RESERVATION_ADMIN_TOKEN", TestNode.TOKEN);
    Process process = builder.start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) fail("the quickstart did not finish within 60 s");
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  /** The fenced bash block between the markers. */
  static String bashBlock(String markdown) {
    int begin = markdown.indexOf(BEGIN);
    int end = markdown.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "quickstart markers");
    String between = markdown.substring(begin + BEGIN.length(), end);
    int open = between.indexOf("```bash\n");
    int close = between.lastIndexOf("```");
    assertTrue(open >= 0 && close > open, "a ```bash block between the markers");
    return between.substring(open + "```bash\n".length(), close);
  }

  /** The repository's root, found from the module directory the tests run in. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("docs/quickstart.md"))) return d;
    }
    throw new AssertionError("docs/quickstart.md not found above " + dir);
  }
}
