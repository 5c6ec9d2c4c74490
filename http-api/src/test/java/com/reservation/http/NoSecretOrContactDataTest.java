package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.reservation.http.cli.ConfigsCommand;
import com.reservation.http.node.NodeSettings;
import com.reservation.http.routes.AdminTokens;
import com.reservation.http.routes.NodeContext;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * No secret (database password, admin token) and no contact data leaves through a {@code toString},
 * a log line, a metric or the {@code configs} command.
 *
 * <p>Every record of the product (engine and HTTP layer, found on the classpath, so a new record is
 * covered the day it is added) is built with marked values: contact maps hold {@link #CONTACT_NAME}
 * and {@link #CONTACT_PHONE}, components named like a password, token or secret hold {@link
 * #SECRET}, a {@link Config} holds both; its {@code toString} must show none of them.
 */
class NoSecretOrContactDataTest {
  static final String SECRET = "SECRET-7f3a9c";
  static final String CONTACT_NAME = "Nur-Aisyah-Contact";
  static final String CONTACT_PHONE = "60123456789";

  @TempDir Path dataDir;

  // ---- toString of every record

  @Test
  void noRecordPrintsASecretOrContactData() throws Exception {
    List<Class<?>> records = productRecords();
    assertTrue(records.size() > 40, "the product's records were found: " + records);
    for (String required :
        List.of(
            "com.reservation.http.node.NodeSettings", "com.reservation.http.routes.NodeContext",
            "com.reservation.engine.store.DatabaseSettings", "com.reservation.http.dto.BookingBody",
            "com.reservation.http.dto.BookingBody$Valid",
                "com.reservation.http.dto.BookingResponse")) {
      assertTrue(
          records.stream().anyMatch(r -> r.getName().equals(required)), required + " is scanned");
    }
    Map<String, String> leaks = new LinkedHashMap<>();
    List<String> unbuildable = new ArrayList<>();
    for (Class<?> record : records) {
      Object instance;
      try {
        instance = build(record, 0);
      } catch (ReflectiveOperationException | RuntimeException e) {
        unbuildable.add(record.getName() + " (" + e + ")");
        continue;
      }
      String printed;
      try {
        printed = String.valueOf(instance);
      } catch (RuntimeException e) {
        // Built from placeholder parts no real instance has (e.g. a state whose indexes are null):
        // it cannot print.
        unbuildable.add(record.getName() + " (toString: " + e + ")");
        continue;
      }
      if (!leaks(printed)) continue;
      leaks.put(record.getName(), printed);
    }
    System.out.println(
        records.size() + " records checked; not buildable, so not checked: " + unbuildable);
    assertEquals(Map.of(), leaks, "records whose toString shows a secret or contact data");
    // A record the test cannot build is a record it does not check: keep that list to what truly
    // cannot be built.
    assertTrue(
        unbuildable.size() <= records.size() / 5,
        "too many records could not be built: " + unbuildable);
    for (String sensitive :
        List.of(
            "com.reservation.http.node.NodeSettings",
            "com.reservation.http.dto.BookingBody$Valid")) {
      assertFalse(
          unbuildable.stream().anyMatch(u -> u.startsWith(sensitive + " ")),
          sensitive + " must be checked: " + unbuildable);
    }
  }

  @Test
  void adminTokensAndNodeSettingsPrintNoSecret() {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("reservation.node.admin-token", SECRET + "-first-token");
    flags.put(
        "reservation.db.url", "jdbc:postgresql://user:" + SECRET + "@db:5432/r?password=" + SECRET);
    flags.put("reservation.db.password", SECRET + "-db");
    NodeSettings settings =
        NodeSettings.fromConfig(
            NodeSettings.resolveConfig(
                flags,
                Map.of("RESERVATION_ADMIN_TOKENS", SECRET + "-second," + SECRET + "-third"),
                Optional.empty()));
    assertEquals(
        3,
        settings.adminTokens().size(),
        "RESERVATION_ADMIN_TOKEN and both of RESERVATION_ADMIN_TOKENS");
    AdminTokens tokens = AdminTokens.of(settings.adminTokens());
    NodeContext context = new NodeContext(null, null, null, tokens, null, null);
    for (Object printed : List.of(settings, tokens, context)) {
      assertFalse(printed.toString().contains(SECRET), printed.toString());
    }
    assertTrue(settings.toString().contains("dbPassword=****"), settings.toString());
    assertTrue(tokens.accepts(SECRET + "-third") && tokens.accepts(SECRET + "-first-token"));
    assertFalse(tokens.accepts(SECRET + "-fourth"));
  }

  // ---- the configs command

  @Test
  void configsPrintsNoSecret() {
    for (List<String> args : List.of(List.<String>of(), List.of("--all"))) {
      ConfigsCommand configs = new ConfigsCommand();
      CommandLine commandLine = new CommandLine(configs);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
      setEnvironment(
          configs,
          Map.of(
              "RESERVATION_ADMIN_TOKEN", SECRET + "-first-token",
              "RESERVATION_ADMIN_TOKENS", SECRET + "-second," + SECRET + "-third",
              "RESERVATION_DB_URL", "jdbc:postgresql://u:" + SECRET + "@db/r?password=" + SECRET,
              "RESERVATION_DB_PASSWORD", SECRET + "-db"));
      int exit = commandLine.execute(args.toArray(String[]::new));
      assertEquals(0, exit, err.toString());
      assertFalse(out.toString().contains(SECRET), out.toString());
      assertTrue(out.toString().contains("reservation.node.admin-tokens = ****"), out.toString());
      assertTrue(out.toString().contains("# admin tokens: 3 set"), out.toString());
    }
  }

  /**
   * The options' environment is package-private to the cli package: set it the way its own tests
   * do.
   */
  private static void setEnvironment(ConfigsCommand configs, Map<String, String> environment) {
    try {
      var optionsField = ConfigsCommand.class.getDeclaredField("options");
      optionsField.setAccessible(true);
      Object options = optionsField.get(configs);
      var environmentField = options.getClass().getDeclaredField("environment");
      environmentField.setAccessible(true);
      environmentField.set(options, environment);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // ---- a live node: its log lines and metrics

  @Test
  void aLiveNodeLogsAndExportsNoSecretOrContactData() throws IOException {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("com.reservation");
    Level before = ours.getLevel();
    Captured captured = new Captured();
    captured.setContext(root.getLoggerContext());
    captured.start();
    root.addAppender(captured);
    // Every line our code may write, debug included.
    ours.setLevel(Level.DEBUG);
    String wrongToken = SECRET + "-presented";
    try (TestNode node = TestNode.start(dataDir)) {
      String venue = node.newVenue("privacy");
      LocalDate day = node.schedule(venue, 0, 3);
      String slot = TestNode.slotId(venue, day);
      String contact = "{\"name\":\"" + CONTACT_NAME + "\",\"phone\":\"" + CONTACT_PHONE + "\"}";

      Response booked =
          node.send(
              node.bookingRequest(
                  slot,
                  "{\"customerId\":\"privacy-1\",\"seats\":1,\"contact\":" + contact + "}",
                  "privacy-key"));
      assertEquals(201, booked.status(), booked.toString());
      String bookingId = booked.json().path("bookingId").asText();
      // The same key with another body, a full slot, a malformed body: refusals that must not echo
      // the contact.
      assertEquals(
          422,
          node.send(
                  node.bookingRequest(
                      slot,
                      "{\"customerId\":\"privacy-2\",\"contact\":" + contact + "}",
                      "privacy-key"))
              .status());
      assertEquals(
          409,
          node.send(
                  node.bookingRequest(
                      slot, "{\"customerId\":\"privacy-1\",\"contact\":" + contact + "}", null))
              .status());
      Response malformed =
          node.send(
              node.bookingRequest(
                  slot, "{\"customerId\":\"privacy-3\",\"contact\":" + contact + ",}", null));
      assertEquals(400, malformed.status());
      assertFalse(malformed.body().contains(CONTACT_PHONE), malformed.body());
      assertEquals(200, node.get("/slots/" + slot + "/bookings/" + bookingId).status());
      assertEquals(200, node.delete("/slots/" + slot + "/bookings/" + bookingId).status());
      assertEquals(
          401,
          node.send(
                  node.request("/admin/cluster")
                      .header("Authorization", "Bearer " + wrongToken)
                      .GET()
                      .build())
              .status());
      // A header Akka cannot parse, holding the real token: refused, and never written to the log
      // with its value.
      assertEquals(
          401,
          node.send(
                  node.request("/admin/cluster")
                      .header("Authorization", "Bearer " + TestNode.TOKEN + "!")
                      .GET()
                      .build())
              .status());
      assertEquals(
          415,
          node.send(
                  node.request("/slots/" + slot + "/bookings")
                      .header("Content-Type", "json; " + CONTACT_PHONE)
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                      .build())
              .status());

      Response metrics = node.get("/metrics");
      assertEquals(200, metrics.status());
      for (String value :
          List.of(CONTACT_NAME, CONTACT_PHONE, bookingId, TestNode.TOKEN, wrongToken)) {
        assertFalse(metrics.body().contains(value), "/metrics shows " + value);
      }

      String dbPassword =
          Files.readString(dataDir.toAbsolutePath().resolve("postgres-password")).trim();
      List<String> lines = captured.lines();
      assertTrue(lines.size() > 5, "log lines were captured: " + lines);
      for (String value :
          List.of(CONTACT_NAME, CONTACT_PHONE, TestNode.TOKEN, wrongToken, dbPassword)) {
        for (String line : lines)
          assertFalse(line.contains(value), "a log line shows " + value + ": " + line);
      }
    } finally {
      ours.setLevel(before);
      root.detachAppender(captured);
      captured.stop();
    }
  }

  /** Every event, formatted with its arguments and its exception. */
  private static final class Captured extends AppenderBase<ILoggingEvent> {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      String line = event.getLoggerName() + " " + event.getFormattedMessage();
      if (event.getThrowableProxy() != null)
        line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
      lines.add(line);
    }

    List<String> lines() {
      return List.copyOf(lines);
    }
  }

  // ---- building records with marked values

  private static boolean leaks(String printed) {
    return printed.contains(SECRET)
        || printed.contains(CONTACT_NAME)
        || printed.contains(CONTACT_PHONE);
  }

  private static boolean secretName(String name) {
    return name.toLowerCase().matches(".*(password|token|secret|credential).*");
  }

  private static Object build(Class<?> record, int depth) throws ReflectiveOperationException {
    RecordComponent[] components = record.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] =
          sample(
              components[i].getName(),
              components[i].getType(),
              components[i].getGenericType(),
              depth);
    }
    Constructor<?> canonical = record.getDeclaredConstructor(types);
    canonical.setAccessible(true);
    return canonical.newInstance(values);
  }

  private static Object sample(String name, Class<?> type, Type generic, int depth)
      throws ReflectiveOperationException {
    if (type == String.class) return secretName(name) ? SECRET + "-" + name : "plain-" + name;
    if (type == int.class || type == Integer.class) return 1;
    if (type == long.class || type == Long.class) return 1L;
    if (type == short.class || type == Short.class) return (short) 1;
    if (type == double.class || type == Double.class) return 1.0;
    if (type == float.class || type == Float.class) return 1.0f;
    if (type == boolean.class || type == Boolean.class) return false;
    if (type == byte.class || type == Byte.class) return (byte) 1;
    if (type == char.class || type == Character.class) return 'x';
    if (type == Instant.class) return Instant.parse("2026-12-01T01:20:00Z");
    if (type == LocalDate.class) return LocalDate.of(2026, 12, 1);
    if (type == LocalDateTime.class) return LocalDateTime.of(2026, 12, 1, 9, 20);
    if (type == LocalTime.class) return LocalTime.of(9, 20);
    if (type == Duration.class) return Duration.ofSeconds(5);
    if (type == ZoneId.class) return ZoneId.of("UTC");
    if (type == Path.class) return Path.of("/var/lib/reservation");
    if (type == Config.class) {
      return ConfigFactory.parseMap(
          Map.of("reservation.db.password", SECRET, "reservation.contact", CONTACT_PHONE));
    }
    if (type.isEnum()) return type.getEnumConstants()[0];
    if (Map.class.isAssignableFrom(type)) {
      return name.toLowerCase().contains("contact")
          ? Map.of("name", CONTACT_NAME, "phone", CONTACT_PHONE)
          : Map.of();
    }
    if (type == Optional.class) {
      Object inner = element(name, generic, depth);
      return Optional.ofNullable(inner);
    }
    if (type == List.class || type == Collection.class) {
      Object inner = element(name, generic, depth);
      return inner == null ? List.of() : List.of(inner);
    }
    if (type == Set.class) {
      Object inner = element(name, generic, depth);
      return inner == null ? Set.of() : Set.of(inner);
    }
    if (type.isRecord() && depth < 4) return build(type, depth + 1);
    // Actor refs, systems, data sources, engine services: nothing a record should print anyway.
    return null;
  }

  private static Object element(String name, Type generic, int depth)
      throws ReflectiveOperationException {
    if (!(generic instanceof ParameterizedType parameterized)) return null;
    Type argument = parameterized.getActualTypeArguments()[0];
    if (!(argument instanceof Class<?> elementType)) return null;
    return sample(name, elementType, elementType, depth + 1);
  }

  /** Every record class under com.reservation on the classpath (directories and jars alike). */
  private static List<Class<?>> productRecords()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Set<String> names = new TreeSet<>();
    ClassLoader loader = NoSecretOrContactDataTest.class.getClassLoader();
    Enumeration<URL> roots = loader.getResources("com/reservation");
    for (URL root : Collections.list(roots)) {
      if (root.getProtocol().equals("file")) {
        Path base = Path.of(root.toURI());
        // Test classes are no product (and hold the markers): only main output directories.
        if (base.toString().contains(File.separator + "test-classes" + File.separator)) continue;
        try (var files = Files.walk(base)) {
          files
              .filter(f -> f.toString().endsWith(".class"))
              .forEach(
                  f ->
                      names.add(
                          "com.reservation."
                              + base.relativize(f)
                                  .toString()
                                  .replace(File.separatorChar, '.')
                                  .replaceAll("\\.class$", "")));
        }
      } else if (root.getProtocol().equals("jar")) {
        try (JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile()) {
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.startsWith("com/reservation/") && n.endsWith(".class"))
              .forEach(n -> names.add(n.replace('/', '.').replaceAll("\\.class$", "")));
        }
      }
    }
    List<Class<?>> records = new ArrayList<>();
    for (String name : names) {
      // The load-test support and the baseline are tools beside the product.
      if (name.startsWith("com.reservation.gatling") || name.startsWith("com.reservation.baseline"))
        continue;
      Class<?> type = Class.forName(name, false, loader);
      if (type.isRecord()) records.add(type);
    }
    return records;
  }
}
