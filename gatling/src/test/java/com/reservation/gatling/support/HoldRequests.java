package com.reservation.gatling.support;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The hold and waitlist requests of the contract, with the checks the hold simulations apply to
 * them.
 */
public final class HoldRequests {
  public static final String SLOT_FULL = Requests.SLOT_FULL;
  public static final String SEATS_AVAILABLE = "/problems/seats-available";
  public static final String WAITLIST_FULL = "/problems/waitlist-full";

  private HoldRequests() {}

  /**
   * Holds one seat of {@code #{slotId}} for {@code #{customerId}} for {@code ttlSeconds}. OK on 201
   * (saves {@code holdId} and {@code expiresAt}) or 409 {@code slot-full} (saves {@code problem}).
   */
  public static HttpRequestActionBuilder hold(String name, int ttlSeconds) {
    return http(name)
        .post("/slots/#{slotId}/holds")
        .body(
            StringBody(
                "{\"customerId\":\"#{customerId}\",\"seats\":1,\"ttlSeconds\":"
                    + ttlSeconds
                    + ",\"contact\":{\"name\":\"#{name}\",\"phone\":\"#{phone}\"}}"))
        .check(status().in(201, 409).saveAs("status"))
        .checkIf((response, session) -> response.status().code() == 201)
        .then(jsonPath("$.holdId").saveAs("holdId"), jsonPath("$.expiresAt").saveAs("expiresAt"))
        .checkIf((response, session) -> response.status().code() == 409)
        .then(jsonPath("$.type").is(SLOT_FULL).saveAs("problem"));
  }

  /**
   * Confirms hold {@code #{<holdKey>}}: must be 201 with a CONFIRMED booking (saves {@code
   * bookingId}).
   */
  public static HttpRequestActionBuilder confirm(String name, String holdKey) {
    return http(name)
        .post("/slots/#{slotId}/holds/#{" + holdKey + "}/confirm")
        .check(
            status().is(201),
            jsonPath("$.status").is("CONFIRMED"),
            jsonPath("$.bookingId").saveAs("bookingId"));
  }

  /** Hold {@code #{holdId}} must have expired (looked up after its expiresAt). */
  public static HttpRequestActionBuilder expectExpired(String name) {
    return http(name)
        .get("/slots/#{slotId}/holds/#{holdId}")
        .check(status().is(200), jsonPath("$.status").is("EXPIRED"));
  }

  /**
   * Joins the waitlist of {@code #{slotId}}: 201 (saves {@code entryId}) or 409 {@code
   * seats-available} or {@code waitlist-full} (saves {@code problem}).
   */
  public static HttpRequestActionBuilder join(String name) {
    return http(name)
        .post("/slots/#{slotId}/waitlist")
        .body(StringBody("{\"customerId\":\"#{customerId}\",\"seats\":1}"))
        .check(status().in(201, 409))
        .checkIf((response, session) -> response.status().code() == 201)
        .then(jsonPath("$.entryId").saveAs("entryId"), jsonPath("$.status").is("WAITING"))
        .checkIf((response, session) -> response.status().code() == 409)
        .then(jsonPath("$.type").in(SEATS_AVAILABLE, WAITLIST_FULL).saveAs("problem"));
  }

  /**
   * Looks entry {@code #{entryId}} up: saves its {@code entryStatus} and, once offered, {@code
   * offerId}.
   */
  public static HttpRequestActionBuilder entry(String name) {
    return http(name)
        .get("/slots/#{slotId}/waitlist/#{entryId}")
        .check(
            status().is(200),
            jsonPath("$.status").saveAs("entryStatus"),
            jsonPath("$.holdId").optional().saveAs("offerId"));
  }

  /**
   * Leaves the waitlist; an entry holding an offer leaves by releasing it (the offer passes on).
   */
  public static HttpRequestActionBuilder leave(String name) {
    return http(name)
        .delete("/slots/#{slotId}/waitlist/#{entryId}")
        .check(status().is(200), jsonPath("$.status").in("LEFT", "EXPIRED", "CONFIRMED"));
  }
}
