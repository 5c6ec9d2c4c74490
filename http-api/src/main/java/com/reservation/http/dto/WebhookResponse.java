package com.reservation.http.dto;

import com.reservation.engine.events.model.EventType;
import com.reservation.engine.events.webhook.WebhookStatus;
import java.time.Instant;
import java.util.List;

/**
 * A webhook as {@code GET /admin/webhooks/{webhookId}} shows it: never its secret. {@code pending}
 * counts deliveries not yet acknowledged; {@code abandoned} those given up after the retry period;
 * {@code deadLettered} every delivery moved out of the backlog to the dead letter (too old, or
 * pushed out by newer ones beyond {@code max-pending}).
 */
public record WebhookResponse(
    String webhookId,
    String url,
    List<String> events,
    String venueId,
    long pending,
    Instant lastDeliveredAt,
    String lastError,
    Instant lastErrorAt,
    long abandoned,
    long deadLettered) {

  public static WebhookResponse of(WebhookStatus status) {
    return new WebhookResponse(
        status.webhook().webhookId(),
        status.webhook().url().toString(),
        status.webhook().events().stream().map(EventType::wireName).toList(),
        status.webhook().venueId(),
        status.pending(),
        status.lastDeliveredAt(),
        status.lastError(),
        status.lastErrorAt(),
        status.abandoned(),
        status.deadLettered());
  }
}
