package com.reservation.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM killed hard leaves its PostgreSQL running on our files, and a new one cannot start beside
 * it: that server is stopped first. Only that server: the pid in {@code postmaster.pid} may by now
 * belong to anything (pids are reused after a reboot or in a fresh container), so a process is
 * stopped only when it is a {@code postgres} executable whose data directory ({@code -D} argument,
 * or on Linux its working directory, which the postmaster sets to its data directory) is this one.
 * Any other live process named by the file is left alone and the start fails with a message saying
 * what to check.
 */
final class LeftoverServer {
  private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);

  private LeftoverServer() {}

  static void stopIfOurs(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    Optional<Long> pid = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0));
    // No live process: PostgreSQL itself recognises the file as stale.
    Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) return;
    ProcessHandle server = process.get();
    // PostgreSQL also treats its own parent chain as stale; we are that chain when the pid was
    // reused by this JVM.
    if (server.pid() == ProcessHandle.current().pid()) return;
    if (!isPostgresOn(server, directory)) {
      throw new IOException(
          directory.resolve("postmaster.pid")
              + " names pid "
              + server.pid()
              + " ("
              + server.info().command().orElse("command unknown")
              + "), which is not a PostgreSQL server on this directory, so it was left alone. If no PostgreSQL runs on "
              + directory
              + ", delete that postmaster.pid and start again.");
    }
    log.warn(
        "Stopping a PostgreSQL server (pid {}) left running on {} by an earlier process",
        server.pid(),
        directory);
    server.destroy();
    try {
      server.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception timeout) {
      server.destroyForcibly();
      try {
        server.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException(
            "PostgreSQL (pid "
                + server.pid()
                + ") still runs on "
                + directory
                + "; stop it and start again",
            e);
      }
    }
  }

  /**
   * A {@code postgres} executable serving {@code directory}; false when that cannot be established.
   */
  static boolean isPostgresOn(ProcessHandle process, Path directory) {
    ProcessHandle.Info info = process.info();
    Optional<String> command = info.command();
    if (command.isEmpty() || !Path.of(command.get()).getFileName().toString().equals("postgres"))
      return false;
    Path ours = realPath(directory);
    String[] arguments = info.arguments().orElse(new String[0]);
    for (int i = 0; i + 1 < arguments.length; i++) {
      if (arguments[i].equals("-D") && realPath(Path.of(arguments[i + 1])).equals(ours))
        return true;
    }
    // Linux: the postmaster runs in its data directory, whatever its arguments looked like.
    Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
    try {
      return Files.exists(cwd) && cwd.toRealPath().equals(ours);
    } catch (IOException | SecurityException unreadable) {
      return false;
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
