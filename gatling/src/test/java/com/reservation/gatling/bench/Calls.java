package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.function.Function;

/**
 * The benchmark's requests, as light as Gatling allows: absolute URLs computed by plain functions
 * (no Expression Language, no session attributes), silent (Gatling's statistics engine never sees
 * them; {@link Phase} records each answer itself), no checks at all (not even the default status
 * check: the phase's workload judges the status), and the answer handed to {@link Phase#onResponse}
 * as it arrives.
 */
final class Calls {
  private Calls() {}

  static HttpRequestActionBuilder get(Phase phase, String name, Function<Session, String> url) {
    return http(name)
        .get(phase.sending(url))
        .silent()
        .ignoreProtocolChecks()
        .transformResponse(phase::onResponse);
  }

  static HttpRequestActionBuilder post(
      Phase phase, String name, Function<Session, String> url, Function<Session, String> body) {
    return http(name)
        .post(phase.sending(url))
        .body(StringBody(body))
        .silent()
        .ignoreProtocolChecks()
        .transformResponse(phase::onResponse);
  }
}
