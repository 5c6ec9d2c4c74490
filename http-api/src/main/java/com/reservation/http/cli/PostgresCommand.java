package com.reservation.http.cli;

import com.reservation.embedded.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A standalone PostgreSQL for a local cluster: the same embedded server a single node runs, started
 * on its own so several nodes can share it and a newcomer needs nothing installed. It keeps its
 * files, commits synchronously, and stops cleanly on SIGTERM (or Ctrl-C). Not for production: use a
 * managed PostgreSQL there.
 */
@Command(
    name = "postgres",
    mixinStandardHelpOptions = true,
    description = {
      "Run a standalone embedded PostgreSQL for a local cluster until SIGTERM, e.g.",
      "  reservation-engine postgres --port 5432 --data-dir ./data/cluster-db",
      "then start nodes with RESERVATION_DB_URL set to the JDBC URL it prints, RESERVATION_DB_USER=postgres and",
      "RESERVATION_DB_PASSWORD read from <data-dir>/postgres-password (generated at the first start, mode 0600)."
    })
public final class PostgresCommand implements Callable<Integer> {
  /** The line printed once the server accepts connections; scripts wait for it. */
  public static final String READY_PREFIX = "PostgreSQL ready: ";

  @Option(
      names = "--port",
      description = "Port to listen on (127.0.0.1); 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port = 5432;

  @Option(
      names = "--data-dir",
      description = "Where the files live (kept across restarts). Default: ${DEFAULT-VALUE}.")
  Path dataDir = Path.of("data", "cluster-db");

  @Override
  public Integer call() {
    EmbeddedDatabase database;
    try {
      database = EmbeddedDatabase.start(dataDir, port);
    } catch (Exception e) {
      System.err.println(
          "reservation-engine postgres: could not start PostgreSQL in "
              + dataDir.toAbsolutePath()
              + ": "
              + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    database.close();
                  } catch (Exception e) {
                    System.err.println(
                        "reservation-engine postgres: PostgreSQL did not stop cleanly: "
                            + e.getMessage());
                  } finally {
                    stopped.countDown();
                  }
                },
                "postgres-shutdown"));
    // The password itself stays out of the output (logs are read by more people than the database
    // should be).
    System.out.println(
        READY_PREFIX
            + database.url()
            + " (user "
            + database.user()
            + ", password in "
            + database.passwordFile()
            + ", data in "
            + database.directory()
            + ")");
    System.out.flush();
    try {
      // The shutdown hook stops the server; this thread only keeps the command alive until then.
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
