package com.reservation.engine.events.webhook;

import java.time.Instant;

/**
 * A webhook as an admin reads it: its registration (without the secret) and how delivery goes.
 *
 * @param pending deliveries not yet acknowledged by the receiver
 * @param abandoned deliveries given up after the retry period
 * @param lastError why the last failed attempt failed (status or transport error; never a response
 *     body)
 */
public record WebhookStatus(
    Webhook webhook,
    long pending,
    Instant lastDeliveredAt,
    String lastError,
    Instant lastErrorAt,
    long abandoned) {}
