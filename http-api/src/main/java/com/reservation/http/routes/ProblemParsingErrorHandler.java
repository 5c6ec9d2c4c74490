package com.reservation.http.routes;

import akka.event.LoggingAdapter;
import akka.http.javadsl.model.HttpResponse;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.StatusCode;
import akka.http.scaladsl.settings.ServerSettings;

/**
 * Requests Akka cannot parse (a URI or header too long, broken framing) never reach a route; this makes their answer
 * problem+json too. Configured as {@code akka.http.server.parsing.error-handler}. Only the summary is shown: the
 * detail may quote the request.
 */
public final class ProblemParsingErrorHandler extends akka.http.ParsingErrorHandler {
  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("Unparseable request: {} {}", status.intValue(), info.summary());
    return ErrorHandling.problemFor(status.intValue(), info.summary()).toResponse();
  }
}
