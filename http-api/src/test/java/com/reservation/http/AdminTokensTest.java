package com.reservation.http;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.node.Node;
import com.reservation.http.node.NodeSettings;
import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several admin tokens at once (RESERVATION_ADMIN_TOKEN and RESERVATION_ADMIN_TOKENS), so a token
 * is rotated without downtime; the {@code Bearer} scheme in any letter case; everything else 401
 * problem+json with a challenge.
 */
class AdminTokensTest {
  static final String OLD = "old-admin-token-0123456789";
  static final String NEW = "new-admin-token-abcdefghij";
  static final String SPARE = "spare-admin-token-ABCDEFGH";
  static final String PROTECTED = "/admin/cluster/slots/rotation_20261201_0900";

  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            dataDir,
            Map.of(
                "reservation.node.admin-token",
                OLD,
                "reservation.node.admin-tokens",
                List.of(NEW, SPARE)));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static Response withAuthorization(String value) {
    HttpRequest.Builder request = node.request(PROTECTED).GET();
    if (value != null) request.header("Authorization", value);
    return node.send(request.build());
  }

  @Test
  void everyConfiguredTokenIsAccepted() {
    for (String token : List.of(OLD, NEW, SPARE)) {
      Response answer = withAuthorization("Bearer " + token);
      assertEquals(200, answer.status(), token + ": " + answer);
    }
  }

  @Test
  void theSchemeIsMatchedInAnyLetterCase() {
    for (String scheme : List.of("Bearer", "bearer", "BEARER", "bEaReR")) {
      Response answer = withAuthorization(scheme + " " + NEW);
      assertEquals(200, answer.status(), scheme + ": " + answer);
    }
  }

  @Test
  void anythingElseIsUnauthorized() {
    java.util.ArrayList<String> refused = new java.util.ArrayList<>();
    refused.add(null);
    refused.addAll(
        List.of(
            "",
            "Bearer",
            "Bearer ",
            "Bearer " + NEW + "x",
            "Bearer " + NEW.substring(1),
            "Bearer " + NEW.toUpperCase(),
            "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + NEW).getBytes()),
            "Token " + NEW,
            NEW,
            "Bearer " + OLD + "," + NEW,
            "Bearer not-a-token-of-this-node-000"));
    for (String value : refused) {
      Response answer = withAuthorization(value);
      assertEquals(401, answer.status(), value + ": " + answer);
      assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
      assertEquals("unauthorized", answer.problem());
      assertTrue(
          answer.header("WWW-Authenticate").startsWith("Bearer"),
          answer.header("WWW-Authenticate"));
      assertFalse(
          answer.body().contains(NEW) || answer.body().contains(OLD),
          "the answer never echoes a token");
    }
  }

  @Test
  void aTokenTooShortOrNotABearerTokenStopsTheStartWithoutShowingIt() {
    for (String bad :
        List.of("short-token", "has spaces in the token 0123", "quote\"in-the-token-0123456")) {
      NodeSettings settings =
          NodeSettings.fromConfig(
              NodeSettings.resolveConfig(
                  Map.of(
                      "reservation.node.http-port",
                      0,
                      "reservation.node.data-dir",
                      dataDir.resolve("unused").toString()),
                  Map.of("RESERVATION_ADMIN_TOKENS", NEW + "," + bad),
                  Optional.empty()));
      Node.StartupException refused =
          assertThrows(Node.StartupException.class, () -> Node.start(settings));
      assertTrue(refused.getMessage().contains("RESERVATION_ADMIN_TOKENS"), refused.getMessage());
      assertFalse(
          refused.getMessage().contains(bad) || refused.getMessage().contains(NEW),
          refused.getMessage());
    }
  }
}
