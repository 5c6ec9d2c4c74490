package com.reservation.http.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One answer a load client got, as its driver logged it (one JSON object per line). {@code status}
 * 0 means no answer at all (refused connection, timeout): like a 5xx, an outcome the client does
 * not know.
 *
 * @param at when the answer came, epoch milliseconds
 * @param node the base URL asked
 * @param op what was asked: {@code book}, {@code cancel}, {@code hold}, {@code confirm}, {@code
 *     release}, {@code join}, {@code entry} (a waitlist entry looked up), {@code leave}, {@code
 *     slot}
 * @param key the Idempotency-Key sent, if any
 * @param target the id in the request's path (booking, hold or entry), if any
 * @param problem the problem type's code of a 4xx/5xx answer
 * @param bookingId the booking id the answer named, if any
 * @param holdId the hold id the answer named, if any
 * @param entryId the waitlist entry id the answer named, if any
 * @param state the {@code status} field of the answer's body, if any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Answer(
    long at,
    String node,
    String op,
    String slotId,
    String customerId,
    String key,
    String target,
    int status,
    String problem,
    String bookingId,
    String holdId,
    String entryId,
    String state) {

  /** Whether the request surely took effect, or surely did not: the client knows the outcome. */
  public boolean known() {
    return status >= 200 && status < 500;
  }

  public boolean success() {
    return status == 200 || status == 201;
  }

  /** For messages: what was asked and answered, without contact data (the log holds none). */
  public String describe() {
    return op
        + " "
        + slotId
        + (target == null ? "" : "/" + target)
        + " by "
        + customerId
        + " at "
        + at
        + " via "
        + node
        + " -> "
        + status
        + (problem == null ? "" : " " + problem);
  }
}
