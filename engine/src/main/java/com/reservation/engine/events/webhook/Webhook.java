package com.reservation.engine.events.webhook;

import com.reservation.engine.events.model.EventType;
import java.net.URI;
import java.util.List;

/**
 * A webhook registration. {@code venueId} null means every venue. The secret signs deliveries;
 * {@link #toString} leaves it out.
 */
public record Webhook(
    String webhookId, URI url, String secret, List<EventType> events, String venueId) {
  public Webhook {
    events = List.copyOf(events);
  }

  /**
   * The url as logs may show it: scheme, host and port only (receivers put tokens in paths and
   * queries).
   */
  public String redactedUrl() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  @Override
  public String toString() {
    return "Webhook[webhookId="
        + webhookId
        + ", url="
        + redactedUrl()
        + ", events="
        + events
        + ", venueId="
        + venueId
        + "]";
  }
}
