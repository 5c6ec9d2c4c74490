/**
 * Webhooks: their registrations ({@link WebhookStore}), the projection that writes each due
 * delivery into an outbox table exactly once ({@link WebhookOutbox}), and the delivery workers that
 * send them, signed, in order per webhook, retrying with capped exponential backoff ({@link
 * DeliveryWorker}). Everything a worker needs is in the database, so a node that dies mid-delivery
 * loses nothing: its worker resumes on another node and sends again (at least once).
 */
package com.reservation.engine.events.webhook;
