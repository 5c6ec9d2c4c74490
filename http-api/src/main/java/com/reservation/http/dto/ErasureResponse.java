package com.reservation.http.dto;

/**
 * {@code DELETE /admin/customers/{customerId}}: the customer's contact data is unreadable
 * everywhere from now on. {@code keyDeleted} is true when this call deleted the key it was sealed
 * under, false when there was none (already erased, never gave contact data, or unknown).
 */
public record ErasureResponse(String customerId, boolean keyDeleted) {}
