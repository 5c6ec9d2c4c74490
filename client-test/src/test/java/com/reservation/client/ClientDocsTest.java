package com.reservation.client;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md ("Generating a client") names the command and the options this module's build runs:
 * the generator's version, generator and library, and every configOption with its value.
 */
class ClientDocsTest {
  @Test
  void theDocsNameWhatTheBuildGenerates() throws IOException {
    // Surefire runs in the module's directory.
    String pom = Files.readString(Path.of("pom.xml"));
    String parent = Files.readString(Path.of("../pom.xml"));
    String docs = Files.readString(Path.of("../docs/api.md"));
    String section = docs.substring(docs.indexOf("## Generating a client"));

    assertTrue(
        section.contains(
            "./mvnw -B -q -pl client-test generate-test-sources -Dopenapi.spec=${BASE:-http://"),
        "the command");
    assertTrue(section.contains("`" + tag(parent, "openapi-generator.version") + "`"), "version");
    assertTrue(
        section.contains("`" + tag(pom, "generatorName") + "` / `" + tag(pom, "library") + "`"),
        "generator and library");
    String options = tag(pom, "configOptions");
    Matcher option = Pattern.compile("<(\\w+)>([^<]+)</\\1>").matcher(options);
    int count = 0;
    while (option.find()) {
      if (option.group(1).equals("sourceFolder")) continue;
      count++;
      String row = "| `" + option.group(1) + "` | `" + option.group(2) + "` |";
      assertTrue(section.contains(row), "docs/api.md lists " + row);
    }
    assertTrue(count >= 4, options);
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
    assertTrue(m.find(), name);
    return m.group(1).trim();
  }
}
