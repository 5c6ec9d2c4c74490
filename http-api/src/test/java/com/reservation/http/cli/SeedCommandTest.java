package com.reservation.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.http.Main;
import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code seed} against a live node: progress a week at a time, idempotent, and errors that say what
 * to do next.
 */
class SeedCommandTest {
  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private record Run(int exit, String out, String err) {}

  private static Run seed(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "seed";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Run(commandLine.execute(all), out.toString(), err.toString());
  }

  @Test
  void aLongSeedShowsProgressAndASecondRunDefinesNothing() {
    String from = LocalDate.now().plusDays(3).toString();
    String[] args = {
      "--url",
      node.baseUrl(),
      "--token",
      ApiClient.TOKEN,
      "--venue",
      "seeded",
      "--from",
      from,
      "--days",
      "10"
    };

    Run first = seed(args);
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("[1/2]") && first.out().contains("[2/2]"), first.out());
    assertTrue(first.out().contains("480 slots defined, 0 already there"), first.out());

    Run again = seed(args);
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("0 slots defined, 480 already there"), again.out());
  }

  @Test
  void aConflictSaysWhatToDoNext() {
    String from = LocalDate.now().plusDays(20).toString();
    assertEquals(
        0,
        seed(
                "--url",
                node.baseUrl(),
                "--token",
                ApiClient.TOKEN,
                "--venue",
                "conflict",
                "--from",
                from,
                "--days",
                "1")
            .exit());

    Run other =
        seed(
            "--url",
            node.baseUrl(),
            "--token",
            ApiClient.TOKEN,
            "--venue",
            "conflict",
            "--from",
            from,
            "--days",
            "1",
            "--capacity",
            "7");

    assertEquals(1, other.exit());
    assertTrue(other.err().contains("answered 409"), other.err());
    assertTrue(other.err().contains("seed again with the same --capacity"), other.err());
  }

  @Test
  void aWrongTokenOrANodeThatIsNotThereSaysWhatToCheck() {
    Run wrongToken =
        seed("--url", node.baseUrl(), "--token", "not-the-token-0123456789", "--days", "1");
    assertEquals(1, wrongToken.exit());
    assertTrue(wrongToken.err().contains("Check the token"), wrongToken.err());

    Run nowhere = seed("--url", "http://127.0.0.1:1", "--token", ApiClient.TOKEN, "--days", "1");
    assertEquals(1, nowhere.exit());
    assertTrue(nowhere.err().contains("Is the node running"), nowhere.err());
  }
}
