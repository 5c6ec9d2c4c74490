package com.reservation.http.dto;

/**
 * A request that breaks the contract's rules; the message tells the client which field to fix (a
 * 400).
 */
public final class InvalidRequest extends RuntimeException {
  public InvalidRequest(String message) {
    super(message, null, false, false);
  }

  static void require(boolean condition, String message) {
    if (!condition) throw new InvalidRequest(message);
  }
}
