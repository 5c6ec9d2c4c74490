package com.reservation.testsupport.browser;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.reservation.testsupport.Polling;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The DevTools client against the real browser: a page is typed into and clicked like a person
 * would, read back, photographed, and the browser leaves nothing behind.
 */
class HeadlessChromiumTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  static Path chromium() {
    Optional<Path> executable = HeadlessChromium.executable();
    if (executable.isEmpty() && "true".equals(System.getenv("CI"))) fail(HeadlessChromium.MISSING);
    assumeTrue(executable.isPresent(), HeadlessChromium.MISSING);
    return executable.get();
  }

  @Test
  void drivesAPageAndCleansUp() throws Exception {
    String page =
        "<!doctype html><title>t</title><input id=name aria-label=name>"
            + "<button id=go onclick=\"document.getElementById('out').textContent="
            + "'hello '+document.getElementById('name').value\">Go</button><p id=out></p>"
            + "<button id=hidden hidden>x</button>"
            + "<button id=boom onclick=\"undefinedFunction()\">boom</button>";
    HeadlessChromium browser = HeadlessChromium.launch(chromium(), TIMEOUT);
    ProcessHandle process;
    Path profile;
    try {
      process = browser.process();
      profile = browser.profile();
      assertTrue(Files.isDirectory(profile));
      browser.beforeEachDocument("window.seenFirst = document.getElementById('out') === null;");
      browser.navigate(
          "data:text/html," + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));
      assertEquals(true, browser.evaluate("window.seenFirst"), "ran before the page's elements");
      browser.type("#name", "Ada \u00e9");
      browser.click("#go");
      assertEquals("hello Ada \u00e9", browser.text("#out"));
      assertNull(browser.text("#nothing"));
      assertEquals(42L, browser.evaluate("Promise.resolve(40 + 2)"));
      assertEquals(List.of("a", 1L), browser.evaluate("['a', 1]"));
      assertThrows(IllegalStateException.class, () -> browser.click("#hidden"));
      assertThrows(IllegalStateException.class, () -> browser.evaluate("null.x"));
      assertEquals(List.of(), browser.pageErrors());
      browser.click("#boom");
      Polling.until(TIMEOUT, () -> !browser.pageErrors().isEmpty(), "the page's error reported");
      assertTrue(
          browser.pageErrors().get(0).contains("undefinedFunction"),
          browser.pageErrors()::toString);

      Path shot = browser.screenshot(Path.of("target", "browser-test", "page.png"));
      byte[] png = Files.readAllBytes(shot);
      assertTrue(png.length > 100);
      assertEquals((byte) 0x89, png[0]);
      assertEquals('P', png[1]);
    } finally {
      browser.close();
    }
    assertFalse(process.isAlive(), "the browser is stopped");
    assertTrue(process.descendants().findAny().isEmpty(), "its helpers too");
    assertFalse(Files.exists(profile), "its profile is deleted");
  }
}
