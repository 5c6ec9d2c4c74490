package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.headers.Authorization;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.HttpCredentials;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.http.javadsl.server.Route;
import java.util.function.Supplier;

/**
 * The bearer-token guard of {@code /admin/**}: {@code Authorization: Bearer <token>} with any of
 * the node's {@link AdminTokens}, the scheme in any letter case (RFC 9110 makes it
 * case-insensitive), the token compared in constant time. Anything else is 401 problem+json with a
 * {@code WWW-Authenticate} challenge.
 */
public final class AdminAuth {
  private final AdminTokens tokens;

  public AdminAuth(AdminTokens tokens) {
    this.tokens = tokens;
  }

  public Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByType(
        Authorization.class,
        header -> {
          if (header.isPresent() && accepted(header.get().credentials())) return inner.get();
          return complete(
              Problem.of(
                      401,
                      "unauthorized",
                      "Unauthorized",
                      "Send Authorization: Bearer <RESERVATION_ADMIN_TOKEN>.")
                  .toResponse()
                  .addHeader(
                      WWWAuthenticate.create(HttpChallenge.create("Bearer", "reservation-admin"))));
        });
  }

  private boolean accepted(HttpCredentials credentials) {
    // Akka parses "Bearer", "bearer", "BEARER" alike into a scheme and a token68; only the scheme's
    // case varies.
    return credentials.scheme().equalsIgnoreCase("Bearer") && tokens.accepts(credentials.token());
  }
}
