/**
 * Webhooks: their registrations ({@link WebhookStore}), the projection that writes each due
 * delivery into an outbox table exactly once ({@link WebhookOutbox}), and the delivery workers that
 * send them, signed, in order per webhook, retrying with capped exponential backoff ({@link
 * DeliveryWorker}). Everything a worker needs is in the database, so a node that dies mid-delivery
 * loses nothing: its worker resumes on another node and sends again (at least once). A webhook's
 * backlog is bounded by count and by age, what falls off moving to a dead-letter table that is
 * bounded too, so a receiver away for days cannot grow the outbox without end; and each attempt has
 * one whole deadline, so a receiver that trickles its answer cannot hold its lane.
 */
package com.reservation.engine.events.webhook;
