package com.reservation.http.routes;

import akka.event.LoggingAdapter;
import akka.http.ParsingErrorHandler;
import akka.http.javadsl.model.HttpResponse;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.StatusCode;
import akka.http.scaladsl.settings.ServerSettings;

/**
 * Requests Akka cannot parse (a URI or header too long, broken framing, an unknown method or HTTP
 * version) never reach a route; this makes their answer problem+json too. Configured as {@code
 * akka.http.server.parsing.error-handler}. Only the summary is shown: the detail may quote the
 * request.
 *
 * <p>Such a request is always the client's fault, so it never gets a 5xx: Akka's 501 for a method
 * it does not know becomes 405 {@code method-not-allowed}, its 505 for an HTTP version other than
 * 1.0/1.1 becomes 400 {@code invalid-request}. A 5xx tells clients and monitoring that the server
 * failed, and it did not.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {
  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("Unparseable request: {} {}", status.intValue(), info.summary());
    return problemFor(status.intValue(), info.summary()).toResponse();
  }

  static Problem problemFor(int status, String summary) {
    if (status == 501)
      return Problem.of(405, "method-not-allowed", "Method not allowed", "Unknown HTTP method.");
    if (status == 505) return Problem.invalid("Unsupported HTTP version: send HTTP/1.1.");
    if (status >= 500) return Problem.invalid("The request could not be parsed.");
    return ErrorHandling.problemFor(status, summary);
  }
}
