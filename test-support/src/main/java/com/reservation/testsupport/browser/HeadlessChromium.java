package com.reservation.testsupport.browser;

import com.reservation.testsupport.Polling;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through the Chrome DevTools protocol: one page, navigated, read and
 * clicked the way a person would (real mouse events, real typing), with screenshots. It starts its
 * own browser with a fresh profile in a temporary directory and, on {@link #close()}, kills it and
 * its helper processes and deletes the profile.
 *
 * <p>Why not Selenium: one WebSocket and a few protocol commands do what the page tests need, with
 * no driver binary to match to the browser's version and no dependency beyond the JDK.
 */
public final class HeadlessChromium implements AutoCloseable {
  /** The names Debian and other distributions give the browser's command. */
  private static final List<String> COMMANDS = List.of("chromium", "chromium-browser");

  /**
   * What a test that needs the browser says when it is missing (skipped on a developer's machine,
   * failed in CI).
   */
  public static final String MISSING =
      "Chromium is not installed: install it with `apt-get install -y chromium` (as root);"
          + " .ci/run installs it in CI, where this test must not be skipped";

  private static final int WIDTH = 1024;
  private static final int HEIGHT = 900;

  private final Process process;
  private final Path profile;
  private final DevToolsConnection devTools;
  private final String session;
  private final Duration timeout;
  private final List<String> pageErrors = new CopyOnWriteArrayList<>();

  private HeadlessChromium(
      Process process,
      Path profile,
      DevToolsConnection devTools,
      String session,
      Duration timeout) {
    this.process = process;
    this.profile = profile;
    this.devTools = devTools;
    this.session = session;
    this.timeout = timeout;
  }

  /** The browser's command on the {@code PATH}, if one is installed. */
  public static Optional<Path> executable() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String command : COMMANDS) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, command);
        if (Files.isExecutable(candidate)) return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code executable} headless with a new profile and opens one blank page; {@code timeout}
   * bounds the start and every protocol command.
   */
  public static HeadlessChromium launch(Path executable, Duration timeout) {
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path log = profile.resolve("chromium.log");
    Process process;
    try {
      process =
          new ProcessBuilder(
                  executable.toString(),
                  "--headless=new",
                  // Port 0: the browser picks a free one and writes it to DevToolsActivePort.
                  "--remote-debugging-port=0",
                  "--user-data-dir=" + profile,
                  // Chromium refuses to run as root with its sandbox, and containers often lack
                  // the namespaces it needs; the browser only ever loads the node under test.
                  "--no-sandbox",
                  "--no-first-run",
                  "--no-default-browser-check",
                  "--disable-gpu",
                  "--disable-dev-shm-usage",
                  "--disable-extensions",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--window-size=" + WIDTH + "," + HEIGHT,
                  "about:blank")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      deleteTree(profile);
      throw new UncheckedIOException("cannot start " + executable, e);
    }
    try {
      return connect(process, profile, timeout);
    } catch (RuntimeException | AssertionError e) {
      String output = tail(log);
      stop(process);
      deleteTree(profile);
      throw new IllegalStateException("Chromium did not start; its output:\n" + output, e);
    }
  }

  private static HeadlessChromium connect(Process process, Path profile, Duration timeout) {
    Path activePort = profile.resolve("DevToolsActivePort");
    // Line 1: the port; line 2: the browser's WebSocket path.
    List<String> lines =
        Polling.until(
            timeout,
            Duration.ofMillis(50),
            () -> Files.exists(activePort) ? Files.readAllLines(activePort) : List.<String>of(),
            read -> read.size() >= 2 || !process.isAlive(),
            "Chromium to write " + activePort);
    if (!process.isAlive())
      throw new IllegalStateException("Chromium exited: " + process.exitValue());
    URI endpoint = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
    DevToolsConnection devTools = DevToolsConnection.open(endpoint, timeout);
    try {
      String target =
          (String)
              devTools
                  .call("Target.createTarget", Map.of("url", "about:blank"), null)
                  .get("targetId");
      String session =
          (String)
              devTools
                  .call("Target.attachToTarget", Map.of("targetId", target, "flatten", true), null)
                  .get("sessionId");
      HeadlessChromium browser = new HeadlessChromium(process, profile, devTools, session, timeout);
      devTools.onEvent(browser::observe);
      devTools.call("Runtime.enable", Map.of(), session);
      devTools.call("Page.enable", Map.of(), session);
      devTools.call(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false),
          session);
      return browser;
    } catch (RuntimeException e) {
      devTools.close();
      throw e;
    }
  }

  /** Keeps what went wrong inside the page: uncaught exceptions and console errors. */
  @SuppressWarnings("unchecked")
  private void observe(DevToolsConnection.Event event) {
    if (!session.equals(event.sessionId())) return;
    if ("Runtime.exceptionThrown".equals(event.method())) {
      Map<String, Object> details = (Map<String, Object>) event.params().get("exceptionDetails");
      Object exception = details == null ? null : details.get("exception");
      Object description = exception instanceof Map<?, ?> e ? e.get("description") : null;
      pageErrors.add(
          "exception: "
              + (description != null ? description : details == null ? "" : details.get("text")));
    } else if ("Runtime.consoleAPICalled".equals(event.method())
        && "error".equals(event.params().get("type"))) {
      pageErrors.add("console.error: " + Json.write(event.params().get("args")));
    }
  }

  /**
   * Runs {@code script} in every document this page opens from now on, before the document's own
   * scripts: e.g. to take away an API and see how a page copes without it.
   */
  public void beforeEachDocument(String script) {
    devTools.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script), session);
  }

  /** Opens {@code url} and waits until the document and its scripts have loaded. */
  public void navigate(String url) {
    Map<String, Object> result = devTools.call("Page.navigate", Map.of("url", url), session);
    if (result.get("errorText") instanceof String error && !error.isEmpty())
      throw new IllegalStateException("cannot open " + url + ": " + error);
    Polling.until(
        timeout,
        Duration.ofMillis(50),
        () -> evaluate("document.readyState"),
        "complete"::equals,
        url + " to load");
  }

  /**
   * Runs {@code expression} in the page (promises awaited) and returns its value as JSON gives it:
   * a string, number, boolean, list, map or null.
   */
  @SuppressWarnings("unchecked")
  public Object evaluate(String expression) {
    Map<String, Object> reply =
        devTools.call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true),
            session);
    if (reply.get("exceptionDetails") instanceof Map<?, ?> details) {
      Object exception = details.get("exception");
      Object description =
          exception instanceof Map<?, ?> e ? e.get("description") : details.get("text");
      throw new IllegalStateException("the page threw: " + description + " in " + expression);
    }
    Map<String, Object> result = (Map<String, Object>) reply.get("result");
    return result == null ? null : result.get("value");
  }

  /** The text of the first element matching {@code selector}, or null when none does. */
  public String text(String selector) {
    Object text =
        evaluate(
            "(function(){var e=document.querySelector("
                + Json.write(selector)
                + ");return e?e.textContent:null;})()");
    return (String) text;
  }

  /** Focuses the element matching {@code selector} and types {@code text} into it. */
  public void type(String selector, String text) {
    evaluate("document.querySelector(" + Json.write(selector) + ").focus()");
    devTools.call("Input.insertText", Map.of("text", text), session);
  }

  /**
   * Clicks the middle of the element matching {@code selector} with the mouse, as a person would:
   * it fails when the element is hidden, and a covered element does not get the click.
   */
  @SuppressWarnings("unchecked")
  public void click(String selector) {
    Map<String, Object> box =
        (Map<String, Object>)
            evaluate(
                "(function(){var e=document.querySelector("
                    + Json.write(selector)
                    + ");if(!e)return null;e.scrollIntoView({block:'center'});"
                    + "var r=e.getBoundingClientRect();"
                    + "return {x:r.left+r.width/2,y:r.top+r.height/2,w:r.width,h:r.height};})()");
    if (box == null) throw new IllegalStateException("no element matches " + selector);
    if (((Number) box.get("w")).doubleValue() == 0 || ((Number) box.get("h")).doubleValue() == 0)
      throw new IllegalStateException(selector + " is not visible");
    double x = ((Number) box.get("x")).doubleValue();
    double y = ((Number) box.get("y")).doubleValue();
    for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
      devTools.call(
          "Input.dispatchMouseEvent",
          Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1),
          session);
    }
  }

  /** Saves what the page shows now as a PNG at {@code file} (its folders made as needed). */
  public Path screenshot(Path file) {
    Map<String, Object> shot =
        devTools.call("Page.captureScreenshot", Map.of("format", "png"), session);
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The browser's process (its helpers are its descendants). */
  ProcessHandle process() {
    return process.toHandle();
  }

  /** The temporary profile directory, deleted on {@link #close()}. */
  Path profile() {
    return profile;
  }

  /** The page's uncaught exceptions and console errors so far. */
  public List<String> pageErrors() {
    return List.copyOf(pageErrors);
  }

  /** Stops the browser and its helpers and deletes its profile. */
  @Override
  public void close() {
    try {
      devTools.call("Browser.close", Map.of(), null);
    } catch (RuntimeException alreadyGone) {
      // Killed below either way.
    }
    devTools.close();
    stop(process);
    deleteTree(profile);
  }

  private static void stop(Process process) {
    // The helpers first: once the browser is gone they are no longer its descendants.
    List<ProcessHandle> helpers = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    helpers.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle helper : helpers) helper.onExit().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception notEnded) {
      // A helper that lingers is reported by nothing; the profile is deleted regardless.
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(path);
        } catch (NoSuchFileException gone) {
          // Removed by the browser's last helper meanwhile.
        }
      }
    } catch (NoSuchFileException gone) {
      // Nothing left to delete.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
