package com.reservation.engine.events.webhook;

import java.time.Instant;

/**
 * A webhook as an admin reads it: its registration (without the secret) and how delivery goes.
 *
 * @param pending deliveries not yet acknowledged by the receiver
 * @param abandoned deliveries given up after the retry period (moved to the dead letter as too old)
 * @param lastError why the last failed attempt failed (status or transport error; never a response
 *     body)
 * @param deadLettered deliveries moved to the dead letter so far, too old or pushed out of a full
 *     backlog (the dead-letter table keeps only the recent ones)
 */
public record WebhookStatus(
    Webhook webhook,
    long pending,
    Instant lastDeliveredAt,
    String lastError,
    Instant lastErrorAt,
    long abandoned,
    long deadLettered) {}
