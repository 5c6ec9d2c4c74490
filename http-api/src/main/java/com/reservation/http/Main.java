package com.reservation.http;

import com.reservation.http.cli.CheckAnswersCommand;
import com.reservation.http.cli.ConfigsCommand;
import com.reservation.http.cli.ExportArrivalsCommand;
import com.reservation.http.cli.MigrateCommand;
import com.reservation.http.cli.PostgresCommand;
import com.reservation.http.cli.SeedCommand;
import com.reservation.http.cli.StartCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code reservation-engine} command line: {@code start}, {@code migrate}, and the operator
 * tools.
 */
@Command(
    name = "reservation-engine",
    mixinStandardHelpOptions = true,
    version = "reservation-engine 0.1.0",
    description = "An actor-based booking engine: one event-sourced Akka entity per time slot.",
    subcommands = {
      StartCommand.class,
      MigrateCommand.class,
      PostgresCommand.class,
      ConfigsCommand.class,
      SeedCommand.class,
      ExportArrivalsCommand.class,
      CheckAnswersCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    ensureSharedAsyncPool();
    int exit = commandLine().execute(args);
    // Akka's threads would keep the JVM alive after a failed start; a served node exits from its
    // shutdown instead.
    if (exit != StartCommand.KEEP_RUNNING) System.exit(exit);
  }

  /** The command line with every subcommand, as {@code main} runs it (tests run it in-process). */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * On a machine with fewer than three cores the JDK's common pool has parallelism 1, and then
   * every {@code CompletableFuture} stage completed "async" without an executor (as library code
   * does when it bridges futures) starts a brand-new thread: thousands per second under load. A
   * parallelism of at least 2 makes them share the pool. Must run before anything touches {@code
   * ForkJoinPool} or {@code CompletableFuture}.
   */
  static void ensureSharedAsyncPool() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null) {
      System.setProperty(
          key, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
