package com.reservation.engine.events.webhook;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which webhook targets are refused, and the version 2 signature. */
class WebhookTargetsTest {
  private final WebhookTargets publicOnly = new WebhookTargets(false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:9/hooks",
        "http://localhost/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/hooks",
        "http://172.16.0.1/hooks",
        "http://192.168.1.1/hooks",
        "http://100.64.0.1/hooks",
        "http://0.0.0.0/hooks",
        "http://[::1]/hooks",
        "http://[fd00::1]/hooks",
        "http://[fe80::1]/hooks",
        "http://[::]/hooks",
        "http://224.0.0.1/hooks"
      })
  void internalTargetsAreRefusedWithWhatAnOperatorCanDo(String url) {
    String refusal = publicOnly.refusal(URI.create(url)).orElseThrow(() -> new AssertionError(url));
    assertTrue(refusal.contains("RESERVATION_WEBHOOKS_ALLOW_PRIVATE_TARGETS"), refusal);
    assertTrue(new WebhookTargets(true).refusal(URI.create(url)).isEmpty(), "allowed: " + url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"https://203.0.113.10/hooks", "http://8.8.8.8:8080/x", "https://[2001:db8::1]/h"})
  void publicAddressesAreTargets(String url) {
    assertEquals(java.util.Optional.empty(), publicOnly.refusal(URI.create(url)));
  }

  @Test
  void theSecondSignatureCoversTheTimestampSoAReplayedDeliveryWithANewOneFails() {
    byte[] body = "{\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
    String signed = Signature.v2("at-least-16-characters", 1_765_000_000L, body);
    assertTrue(signed.startsWith("sha256="));
    assertEquals(signed, Signature.v2("at-least-16-characters", 1_765_000_000L, body));
    assertNotEquals(signed, Signature.v2("at-least-16-characters", 1_765_000_301L, body));
    assertNotEquals(signed, Signature.of("at-least-16-characters", body));
  }
}
