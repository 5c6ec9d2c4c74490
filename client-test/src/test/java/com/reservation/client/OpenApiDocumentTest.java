package com.reservation.client;

import static org.junit.jupiter.api.Assertions.*;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;

/**
 * The served OpenAPI document (the {@code openapi.yaml} in the node's jar) as strict standard tools
 * read it: swagger-parser (what openapi-generator parses with) finds no error, no mapping has a key
 * twice, no key lost its value to an unquoted comma, and every schema is used by an operation.
 */
class OpenApiDocumentTest {
  static String document;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.yaml")) {
      assertNotNull(in, "openapi.yaml on the classpath (http-api's jar)");
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static SwaggerParseResult parse(String yaml) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIV3Parser().readContents(yaml, null, options);
  }

  /** SnakeYAML with duplicate keys refused (its default, like many parsers, keeps the last one). */
  static Object strictLoad(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(options).load(yaml);
  }

  @Test
  void swaggerParserFindsNoError() {
    SwaggerParseResult result = parse(document);
    assertNotNull(result.getOpenAPI(), "parsed");
    assertEquals(List.of(), result.getMessages());
    assertTrue(result.getOpenAPI().getOpenapi().startsWith("3.0."), "OpenAPI 3.0.x");
  }

  @Test
  void noMappingHasAKeyTwiceAndNoKeyLacksItsValue() {
    Object tree = strictLoad(document);
    assertEquals(List.of(), keysWithoutValue(tree));
  }

  @Test
  void everySchemaIsUsedByAnOperation() {
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) strictLoad(document);
    Map<?, ?> components = (Map<?, ?>) root.get("components");
    Set<String> reached = new TreeSet<>();
    Deque<Object> todo = new ArrayDeque<>(List.of(root.get("paths")));
    while (!todo.isEmpty()) {
      Object node = todo.pop();
      if (node instanceof Map<?, ?> map) {
        Object ref = map.get("$ref");
        if (ref instanceof String s && s.startsWith("#/components/") && reached.add(s)) {
          String[] parts = s.substring("#/components/".length()).split("/");
          Object target = ((Map<?, ?>) components.get(parts[0])).get(parts[1]);
          assertNotNull(target, s + " exists");
          todo.push(target);
        }
        map.values().forEach(todo::push);
      } else if (node instanceof List<?> list) {
        list.forEach(todo::push);
      }
    }
    Set<String> unused = new TreeSet<>();
    for (Object name : ((Map<?, ?>) components.get("schemas")).keySet()) {
      if (!reached.contains("#/components/schemas/" + name)) unused.add(name.toString());
    }
    assertEquals(Set.of(), unused, "schemas no operation (or callback) refers to");
  }

  /** The checks above are strict: they catch the two mistakes the document once had. */
  @Test
  void theChecksCatchADuplicateKeyAndAnUnquotedComma() {
    String duplicate =
        """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              responses:
                '429': {description: Limited.}
                '200': {description: Fine.}
                '429': {description: Limited.}
        """;
    assertThrows(DuplicateKeyException.class, () -> strictLoad(duplicate));
    assertTrue(
        parse(duplicate).getMessages().stream().anyMatch(m -> m.contains("Duplicate field 429")),
        parse(duplicate).getMessages().toString());

    String comma =
        """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a:
            get:
              responses:
                '200': {description: The entry, LEFT.}
        """;
    assertEquals(List.of("/paths//a/get/responses/200/LEFT."), keysWithoutValue(strictLoad(comma)));
    assertFalse(parse(comma).getMessages().isEmpty());
  }

  /**
   * Paths of keys whose value is null: in a flow mapping, {@code {description: a, b.}} is a key
   * {@code b.} with no value. The document has no key that is meant to be empty.
   */
  static List<String> keysWithoutValue(Object node) {
    List<String> found = new ArrayList<>();
    walk(node, "", found);
    return found;
  }

  private static void walk(Object node, String path, List<String> found) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String at = path + "/" + entry.getKey();
        if (entry.getValue() == null) found.add(at);
        else walk(entry.getValue(), at, found);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) walk(list.get(i), path + "/" + i, found);
    }
  }
}
