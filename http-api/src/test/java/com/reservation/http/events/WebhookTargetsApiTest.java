package com.reservation.http.events;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.http.testing.ApiClient.Response;
import com.reservation.http.testing.TestNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with the default setting refuses webhooks to loopback, private and link-local targets (400
 * invalid-request, nothing registered), takes a public one, and never logs a webhook's url beyond
 * its host.
 */
class WebhookTargetsApiTest {
  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(dataDir, Map.of("reservation.events.webhooks.allow-private-targets", false));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static Response put(String id, String url) {
    return node.admin(
        "PUT",
        "/admin/webhooks/" + id,
        "{\"url\":\""
            + url
            + "\",\"secret\":\"at-least-16-characters\",\"events\":[\"booking.confirmed\"]}");
  }

  @Test
  void internalTargetsAreRefusedAndNothingIsRegistered() {
    String[] urls = {
      "http://127.0.0.1:9/hooks",
      "http://169.254.169.254/latest/meta-data",
      "http://localhost:5432/x",
      "http://10.0.0.7/hooks",
      "http://[::1]:8080/hooks"
    };
    for (int i = 0; i < urls.length; i++) {
      Response refused = put("internal-" + i, urls[i]);
      assertEquals(400, refused.status(), urls[i] + " -> " + refused);
      assertEquals("invalid-request", refused.problem());
      assertTrue(refused.json().path("detail").asText().startsWith("url: "), refused::toString);
      assertEquals(404, node.admin("GET", "/admin/webhooks/internal-" + i, "").status());
    }
  }

  @Test
  void aPublicTargetIsRegistered() {
    Response created = put("public", "https://203.0.113.10/hooks?token=secret-in-query");
    assertEquals(201, created.status(), created::toString);
    assertEquals(200, node.admin("DELETE", "/admin/webhooks/public", "").status());
  }
}
