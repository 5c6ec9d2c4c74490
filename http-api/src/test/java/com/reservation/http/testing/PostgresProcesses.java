package com.reservation.http.testing;

import com.reservation.testsupport.Polling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL of a node's data directory, as operating-system processes: found by the
 * pid in {@code <dataDir>/postgres/postmaster.pid}, so a test can stall the store (SIGSTOP/SIGCONT)
 * or kill a server that a killed JVM left behind.
 */
public final class PostgresProcesses {
  private PostgresProcesses() {}

  public static Optional<ProcessHandle> postmaster(Path dataDir) {
    Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return Optional.empty();
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) return Optional.empty();
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The postmaster and all its backends. */
  private static List<ProcessHandle> all(Path dataDir) {
    List<ProcessHandle> processes = new ArrayList<>();
    postmaster(dataDir)
        .ifPresent(
            p -> {
              processes.add(p);
              p.descendants().forEach(processes::add);
            });
    return processes;
  }

  /** Freezes the whole server: every query and commit in flight waits until {@link #resume}. */
  public static void pause(Path dataDir) {
    signal("-STOP", all(dataDir));
  }

  public static void resume(Path dataDir) {
    signal("-CONT", all(dataDir));
  }

  /** Kills the server hard (as a crash would), waiting until it is gone. */
  public static void kill(Path dataDir) {
    List<ProcessHandle> processes = all(dataDir);
    // A frozen server must be able to die; a backend that exited since it was listed is no reason
    // to fail.
    for (ProcessHandle p : processes) {
      if (p.isAlive()) {
        try {
          new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    for (ProcessHandle p : processes) p.destroyForcibly();
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Reported by the caller's own checks; nothing more to do here.
      }
    }
  }

  /**
   * Starts the server again after {@link #kill}, with the very command line it last ran with
   * (PostgreSQL keeps it in {@code postmaster.opts}), as an operator's service manager would; waits
   * until it takes connections.
   */
  public static void restart(Path dataDir) {
    Path directory = dataDir.resolve("postgres");
    try {
      String opts =
          Files.readString(directory.resolve("postmaster.opts"), StandardCharsets.UTF_8).trim();
      List<String> command = new ArrayList<>();
      java.util.regex.Matcher quoted =
          java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(opts);
      // PostgreSQL refuses to run as root; as root the embedded server runs in a user namespace, so
      // this does too.
      if ("root".equals(System.getProperty("user.name"))) command.addAll(List.of("unshare", "-U"));
      while (quoted.find())
        command.add(quoted.group(1) != null ? quoted.group(1) : quoted.group(2));
      new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres-restarted.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot restart PostgreSQL in " + directory, e);
    }
    Polling.until(
        java.time.Duration.ofSeconds(30),
        () -> {
          try (var c = NodeDatabase.connect(dataDir)) {
            return c.isValid(1);
          } catch (Exception e) {
            return false;
          }
        },
        "PostgreSQL to take connections again");
  }

  private static void signal(String signal, List<ProcessHandle> processes) {
    if (processes.isEmpty()) throw new IllegalStateException("no PostgreSQL processes found");
    List<String> command = new ArrayList<>(List.of("kill", signal));
    for (ProcessHandle p : processes) command.add(Long.toString(p.pid()));
    try {
      int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
      if (exit != 0) throw new IllegalStateException(command + " exited with " + exit);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
