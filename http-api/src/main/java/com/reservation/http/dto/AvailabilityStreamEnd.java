package com.reservation.http.dto;

/**
 * The availability stream's last event, {@code shutdown}: the node is stopping and ends the stream.
 * {@code retryMillis} repeats the event's {@code retry} field (after which an {@code EventSource}
 * reconnects, then to another node) for clients that read the data only.
 */
public record AvailabilityStreamEnd(String reason, long retryMillis) {}
