package com.reservation.http.cli;

import akka.actor.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.http.audit.Answer;
import com.reservation.http.audit.AnswerAudit;
import com.reservation.http.audit.StoredHistory;
import com.reservation.http.node.NodeSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The checker of cluster-config/chaos.sh: reads the answers a load driver's clients got and the
 * venue's journal, replays the journal through the engine's own state types, and reports every
 * answer the store contradicts and every rule the store breaks. Waits first (up to {@code
 * --settle}) for the read model to catch up and for holds past their expiry to end.
 */
@Command(
    name = "check-answers",
    mixinStandardHelpOptions = true,
    description = {
      "Compare the answers a load run's clients got (a JSON-lines file) with the venue's journal and",
      "read model, then exit: 0 when nothing contradicts them, 1 on any violation.",
      "Reads the database the nodes share (--db-url or RESERVATION_DB_URL).",
      "  check-answers --venue chaos --answers answers.jsonl --limit 3"
    })
public final class CheckAnswersCommand implements Callable<Integer> {
  private static final int SHOWN = 50;

  @Mixin NodeOptions options;

  @Option(names = "--venue", required = true, description = "The venue the load used.")
  String venueId;

  @Option(names = "--answers", required = true, description = "The answer log (JSON lines).")
  Path answersFile;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "The venue's maxActiveBookingsPerCustomer (0: none).")
  int limit;

  @Option(
      names = "--settle",
      defaultValue = "120",
      description = "Seconds to wait for the read model and due expiries (default 120).")
  int settleSeconds;

  @Option(
      names = "--expiry-grace",
      defaultValue = "5",
      description = "Seconds past expiresAt a hold may still read HELD (default 5).")
  int graceSeconds;

  @Option(
      names = "--trace",
      description =
          "A customer id: print every stored fact about it (slot facts, allowance events).")
  String traceCustomer;

  @Override
  public Integer call() {
    ActorSystem system = null;
    try {
      NodeSettings settings = options.settings();
      if (settings.dbUrl().isEmpty()) {
        System.err.println("check-answers: give the database with --db-url or RESERVATION_DB_URL");
        return 2;
      }
      DatabaseSettings db =
          DatabaseSettings.fromConfig(settings.config().getConfig("reservation.db"));
      List<Answer> answers = readAnswers(answersFile);
      // Only its serialization is used: a local actor system with the engine's bindings.
      Config local =
          ConfigFactory.parseMap(
                  Map.of(
                      "akka.actor.provider",
                      "local",
                      "akka.loglevel",
                      "WARNING",
                      "akka.extensions",
                      List.of(),
                      "akka.library-extensions",
                      List.of("akka.serialization.SerializationExtension")))
              .withFallback(settings.config());
      system = ActorSystem.create("check-answers", local);
      Serialization serialization = SerializationExtension.get(system);
      Duration grace = Duration.ofSeconds(graceSeconds);
      try (HikariDataSource pool =
          Database.pool(db.withTimeouts(db.timeouts().withoutStatementLimit()), "check-answers")) {
        long deadline = System.nanoTime() + Duration.ofSeconds(settleSeconds).toNanos();
        StoredHistory history;
        Instant now;
        while (true) {
          history = StoredHistory.read(pool, serialization, venueId, limit, null, line -> {});
          now = Instant.now();
          boolean caughtUp = AnswerAudit.readModelCaughtUp(history);
          long overdue = AnswerAudit.overdueHolds(history, now, grace);
          if ((caughtUp && overdue == 0) || System.nanoTime() > deadline) break;
          System.err.println(
              "check-answers: waiting ("
                  + (caughtUp ? "" : "read model behind the journal; ")
                  + overdue
                  + " holds past their expiry still held)");
          Thread.sleep(2000);
        }
        if (traceCustomer != null) {
          StoredHistory.read(
              pool,
              serialization,
              venueId,
              limit,
              traceCustomer,
              line -> System.out.println("TRACE " + line));
          answers.stream()
              .filter(a -> traceCustomer.equals(a.customerId()))
              .forEach(
                  a ->
                      System.out.println(
                          "TRACE answer "
                              + java.time.Instant.ofEpochMilli(a.at())
                              + " "
                              + a.describe()
                              + " key="
                              + a.key()
                              + " ids="
                              + a.bookingId()
                              + "/"
                              + a.holdId()
                              + "/"
                              + a.entryId()
                              + " "
                              + a.state()));
        }
        AnswerAudit.Report report = AnswerAudit.check(history, answers, limit, now, grace);
        report.figures().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(e -> System.out.println("CHECK " + e.getKey() + "=" + e.getValue()));
        List<String> violations = report.violations();
        for (int i = 0; i < Math.min(SHOWN, violations.size()); i++) {
          System.out.println("VIOLATION " + violations.get(i));
        }
        if (violations.size() > SHOWN) {
          System.out.println("VIOLATION ... and " + (violations.size() - SHOWN) + " more");
        }
        List<String> stale = report.stale();
        for (int i = 0; i < Math.min(SHOWN, stale.size()); i++) {
          System.out.println("STALE " + stale.get(i));
        }
        System.out.println(
            "CHECK result="
                + (report.passed() ? "pass" : "FAIL")
                + " answers="
                + answers.size()
                + " violations="
                + violations.size()
                + " stale="
                + stale.size());
        return report.passed() ? 0 : 1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      System.err.println("check-answers: " + e);
      return 2;
    } finally {
      if (system != null) system.terminate();
    }
  }

  static List<Answer> readAnswers(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<Answer> answers = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) answers.add(mapper.readValue(line, Answer.class));
      }
    }
    return answers;
  }
}
