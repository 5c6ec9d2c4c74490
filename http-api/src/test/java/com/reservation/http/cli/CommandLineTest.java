package com.reservation.http.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line without a node: help on every command, and configs never printing a secret. */
class CommandLineTest {

  record Run(int exit, String out, String err) {}

  static Run run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    Run top = run(Main.commandLine(), "--help");
    assertEquals(0, top.exit());
    for (String command : List.of("start", "migrate", "configs", "seed")) {
      assertTrue(top.out().contains(command), command + " listed in\n" + top.out());
      Run help = run(Main.commandLine(), command, "--help");
      assertEquals(0, help.exit(), command);
      assertTrue(help.out().startsWith("Usage: reservation-engine " + command), help.out());
    }
  }

  @Test
  void configsMasksEverySecret() {
    ConfigsCommand configs = new ConfigsCommand();
    CommandLine commandLine = new CommandLine(configs);
    configs.options.environment =
        Map.of(
            "RESERVATION_ADMIN_TOKEN", "admin-token-sekret-0123",
            "RESERVATION_DB_PASSWORD", "db-password-sekret",
            "RESERVATION_HTTP_PORT", "9090");
    Run run =
        run(
            commandLine,
            "--all",
            "--db-url",
            "jdbc:postgresql://user:pw-sekret@db:5432/r?password=url-sekret");
    assertEquals(0, run.exit(), run.err());
    assertFalse(run.out().contains("sekret"), run.out());
    assertTrue(run.out().contains("reservation.node.admin-token = ****"));
    assertTrue(run.out().contains("reservation.db.password = ****"));
    assertTrue(
        run.out().contains("reservation.node.http-port = \"9090\""),
        "the environment is layered in");
    assertTrue(run.out().contains("# database: external"));
  }

  @Test
  void configsSaysWhatIsUnset() {
    ConfigsCommand configs = new ConfigsCommand();
    CommandLine commandLine = new CommandLine(configs);
    configs.options.environment = Map.of();
    Run run = run(commandLine);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("# admin tokens: unset"));
    assertTrue(run.out().contains("# database: embedded PostgreSQL"));
    assertTrue(run.out().contains("reservation.http.max-in-flight = 2048"));
  }

  @Test
  void seedNeedsAToken() {
    SeedCommand seed = new SeedCommand();
    CommandLine commandLine = new CommandLine(seed);
    seed.environment = Map.of();
    Run run = run(commandLine, "--url", "http://127.0.0.1:1");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("RESERVATION_ADMIN_TOKEN"));
  }

  @Test
  void urlsLoseTheirCredentials() {
    assertEquals("jdbc:postgresql://db/r", ConfigsCommand.redactUrl("jdbc:postgresql://db/r"));
    assertEquals(
        "jdbc:postgresql://****@db/r?****",
        ConfigsCommand.redactUrl("jdbc:postgresql://u:p@db/r?password=x"));
    assertEquals(
        "\"jdbc:postgresql://db/r?****\"",
        ConfigsCommand.redactUrl("\"jdbc:postgresql://db/r?ssl=true\""));
  }
}
