/**
 * The HTTP layer's request and response bodies (records), kept apart from the engine's commands and
 * views so the wire format changes only by decision, and the one configured Jackson mapper ({@link
 * com.reservation.http.dto.Json}). Request bodies validate themselves into engine-ready values; a
 * violation is an {@link com.reservation.http.dto.InvalidRequest} (400). Depends on the engine's
 * value types only.
 */
package com.reservation.http.dto;
