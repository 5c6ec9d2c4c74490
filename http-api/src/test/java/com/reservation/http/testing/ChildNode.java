package com.reservation.http.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node in its own JVM, started as an operator would ({@code Main start} with RESERVATION_*
 * variables) on the test classpath, so a test can kill it hard. Its output is drained continuously
 * (a full pipe would stall the node) and kept for failure messages.
 */
public final class ChildNode implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("reservation-engine listening on (http://\\S+)");

  private final Process process;
  private final String baseUrl;
  private final List<String> output;

  private ChildNode(Process process, String baseUrl, List<String> output) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.output = output;
  }

  /** Starts {@code Main start} with these variables and waits for its "listening" line. */
  public static ChildNode start(Map<String, String> environment) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                javaBinary.toString(),
                "-Xmx512m",
                "-cp",
                classpath,
                "com.reservation.http.Main",
                "start")
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  output.add(line);
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) listening.complete(m.group(1));
                }
              } catch (IOException e) {
                // The process ended; its exit is what the test looks at.
              }
              listening.completeExceptionally(
                  new IllegalStateException("the node ended before it was listening"));
            },
            "child-node-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ChildNode(process, listening.get(90, TimeUnit.SECONDS), output);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the child node did not start: " + e.getMessage() + "\n" + String.join("\n", output), e);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /**
   * SIGKILL, as a crash or an OOM killer would: no shutdown hook runs, its PostgreSQL is left
   * behind.
   */
  public void killHard() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    killHard();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
