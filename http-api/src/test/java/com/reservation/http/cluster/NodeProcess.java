package com.reservation.http.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code reservation-engine} command run as its own JVM from the test classpath, its output
 * copied to a log file. {@link #readyLine} completes with the first output line that starts with
 * the given prefix (the command's "I am ready" line), or fails when the process ends first.
 */
final class NodeProcess implements AutoCloseable {
  final String name;
  final Path log;
  final Process process;
  private final CompletableFuture<String> readyLine = new CompletableFuture<>();

  private NodeProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static NodeProcess start(
      String name, Path logDir, Map<String, String> environment, String readyPrefix, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and quick to start: four JVMs share two cores with the test.
    command.addAll(
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    command.add("-Dlogback.configurationFile=cluster-node-logback.xml");
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add("com.reservation.http.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // Only the variables given here: a RESERVATION_* of the machine running the tests must not leak
    // into the nodes.
    builder.environment().keySet().removeIf(key -> key.startsWith("RESERVATION_"));
    builder.environment().putAll(environment);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    NodeProcess node = new NodeProcess(name, log, builder.start());
    node.pump(readyPrefix);
    return node;
  }

  private void pump(String readyPrefix) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out =
                      new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                  out.println(line);
                  if (line.startsWith(readyPrefix))
                    readyLine.complete(line.substring(readyPrefix.length()).trim());
                }
              } catch (IOException ignored) {
                // The process ended; what it printed is in the log.
              } finally {
                readyLine.completeExceptionally(
                    new IllegalStateException(name + " ended before it was ready; see " + log));
              }
            },
            name + "-output");
    thread.setDaemon(true);
    thread.start();
  }

  String awaitReady(long seconds) throws Exception {
    try {
      return readyLine.get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          name + " printed no ready line within " + seconds + " s; see " + log);
    }
  }

  /** SIGKILL: no shutdown hook, no leaving, no hand-off. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM (coordinated shutdown), then SIGKILL if it has not ended in time. */
  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
