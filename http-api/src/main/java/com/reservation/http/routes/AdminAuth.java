package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.headers.Authorization;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.http.javadsl.server.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/** The bearer-token guard of {@code /admin/**}: compared in constant time; anything else is 401 problem+json. */
public final class AdminAuth {
  private final byte[] expected;

  public AdminAuth(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  public Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByType(
        Authorization.class,
        header -> {
          if (header.isPresent() && matches(header.get().value())) return inner.get();
          return complete(
              Problem.of(401, "unauthorized", "Unauthorized", "Send Authorization: Bearer <RESERVATION_ADMIN_TOKEN>.")
                  .toResponse()
                  .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "reservation-admin"))));
        });
  }

  private boolean matches(String value) {
    // MessageDigest.isEqual does not stop at the first differing byte, so timing reveals nothing of the token.
    return MessageDigest.isEqual(expected, value.getBytes(StandardCharsets.UTF_8));
  }

}
