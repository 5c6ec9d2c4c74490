package com.reservation.http.dto;

/**
 * The answer to a leave request: the member asked to leave, always {@code "Leaving"} at that point.
 */
public record MemberLeaving(String address, String status) {
  public static MemberLeaving of(String address) {
    return new MemberLeaving(address, "Leaving");
  }
}
