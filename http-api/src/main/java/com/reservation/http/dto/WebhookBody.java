package com.reservation.http.dto;

import com.reservation.engine.events.model.EventType;
import com.reservation.engine.events.webhook.Webhook;
import com.reservation.engine.slot.api.SlotId;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT /admin/webhooks/{webhookId}}: {@code {"url", "secret", "events": [...], "venueId"}}
 * ({@code venueId} optional: every venue).
 */
public record WebhookBody(String url, String secret, List<String> events, String venueId) {
  public static final int MIN_SECRET = 16;
  public static final int MAX_SECRET = 256;
  public static final int MAX_URL = 2048;

  public Webhook toWebhook(String webhookId) {
    InvalidRequest.require(
        url != null && !url.isBlank(), "url is required, e.g. \"https://example.org/hooks\"");
    InvalidRequest.require(
        url.length() <= MAX_URL, "url must be at most " + MAX_URL + " characters");
    URI uri =
        uri(url).orElseThrow(() -> new InvalidRequest("url must be an absolute http or https URL"));
    InvalidRequest.require(
        secret != null && secret.length() >= MIN_SECRET && secret.length() <= MAX_SECRET,
        "secret is required: " + MIN_SECRET + " to " + MAX_SECRET + " characters");
    InvalidRequest.require(
        events != null && !events.isEmpty(),
        "events is required: a non-empty array of event types");
    List<EventType> types = new ArrayList<>();
    for (String name : events) {
      EventType type =
          EventType.fromWireName(name)
              .orElseThrow(
                  () ->
                      new InvalidRequest(
                          "events: unknown event type; known ones are booking.confirmed, booking.cancelled,"
                              + " hold.created, hold.released, hold.expired, waitlist.offered"));
      if (!types.contains(type)) types.add(type);
    }
    InvalidRequest.require(
        venueId == null || SlotId.isValidVenueId(venueId),
        "venueId must match [a-z0-9-]{1,40} (or be left out)");
    return new Webhook(webhookId, uri, secret, types, venueId);
  }

  private static Optional<URI> uri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
      return web && uri.getHost() != null && uri.getRawUserInfo() == null
          ? Optional.of(uri)
          : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The secret signs deliveries: it never appears in a log line or an error, as in the answers. */
  @Override
  public String toString() {
    return "WebhookBody[url="
        + url
        + ", secret=****, events="
        + events
        + ", venueId="
        + venueId
        + "]";
  }
}
