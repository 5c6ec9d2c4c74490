package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.Allow;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.MalformedQueryParamRejection;
import akka.http.javadsl.server.MalformedRequestContentRejection;
import akka.http.javadsl.server.MethodRejection;
import akka.http.javadsl.server.MissingQueryParamRejection;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import akka.http.javadsl.server.ValidationRejection;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.http.scaladsl.model.IllegalRequestException;
import com.reservation.http.dto.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Every way a request can fail outside a route's own answers, as problem+json: rejections (unknown
 * path 404, wrong method 405 with {@code Allow}, and Akka's own), exceptions (500 with a logged
 * reference; no stack trace in the body) and the request timeout (503).
 */
final class ErrorHandling {
  private final Replies replies;

  ErrorHandling(Replies replies) {
    this.replies = replies;
  }

  Route handled(Route inner) {
    // The Java DSL calls the inner suppliers for every request: build the handlers and the inner
    // tree once here.
    RejectionHandler rejectionHandler = rejections();
    ExceptionHandler exceptionHandler = exceptions();
    Route timed = withRequestTimeoutResponse(this::timedOut, () -> inner);
    Route withRejections = handleRejections(rejectionHandler, () -> timed);
    return handleExceptions(exceptionHandler, () -> withRejections);
  }

  private HttpResponse timedOut(HttpRequest request) {
    return replies.problem(
        Problem.unavailable(
            "The request took too long; its outcome is unknown. Retry with the same Idempotency-Key."));
  }

  RejectionHandler rejections() {
    RejectionHandler ours =
        RejectionHandler.newBuilder()
            .handleAll(MethodRejection.class, this::methodNotAllowed)
            .handle(
                UnsupportedRequestContentTypeRejection.class,
                r ->
                    problem(
                        Problem.of(
                            415, "unsupported-media-type", "Unsupported media type", "Send JSON.")))
            .handle(
                MalformedRequestContentRejection.class,
                r -> problem(Problem.invalid("The request body is malformed.")))
            .handle(
                MissingQueryParamRejection.class,
                r ->
                    problem(
                        Problem.invalid("Query parameter " + r.parameterName() + " is required.")))
            .handle(
                MalformedQueryParamRejection.class,
                r ->
                    problem(
                        Problem.invalid("Query parameter " + r.parameterName() + " is malformed.")))
            .handle(ValidationRejection.class, r -> problem(Problem.invalid(r.message())))
            .handleNotFound(problem(Problem.notFound("No such resource.")))
            .build();
    // Whatever else Akka rejects with keeps its status and message, reworded as a problem.
    return ours.withFallback(
            RejectionHandler.defaultHandler().mapRejectionResponse(ErrorHandling::asProblem))
        .seal();
  }

  private Route methodNotAllowed(List<MethodRejection> rejections) {
    HttpMethod[] allowed =
        rejections.stream().map(MethodRejection::supported).distinct().toArray(HttpMethod[]::new);
    String names = String.join(", ", Arrays.stream(allowed).map(HttpMethod::name).toList());
    return complete(
        replies
            .problem(
                Problem.of(
                    405,
                    "method-not-allowed",
                    "Method not allowed",
                    "This resource supports " + names + "."))
            .addHeader(Allow.create(allowed)));
  }

  ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(InvalidRequest.class, e -> problem(Problem.invalid(e.getMessage())))
        .match(
            EntityStreamSizeException.class,
            e ->
                problem(
                    Problem.of(
                        413,
                        "payload-too-large",
                        "Payload too large",
                        "The request body is too large.")))
        .match(
            IllegalRequestException.class,
            e -> problem(problemFor(e.status().intValue(), e.info().summary())))
        .matchAny(e -> problem(Replies.problemFor(e)))
        .build();
  }

  private Route problem(Problem problem) {
    return complete(replies.problem(problem));
  }

  /**
   * A response Akka made (text/plain), reworded as problem+json with the same status and message.
   */
  private static HttpResponse asProblem(HttpResponse response) {
    if (response.entity().getContentType().mediaType().subType().equals("problem+json"))
      return response;
    String detail =
        response.entity() instanceof HttpEntity.Strict strict
            ? strict.getData().decodeString(StandardCharsets.UTF_8)
            : response.status().reason();
    return problemFor(response.status().intValue(), detail)
        .toResponse()
        .addHeaders(response.getHeaders());
  }

  /** The contract's problem code for a status Akka chose. */
  static Problem problemFor(int status, String detail) {
    return switch (status) {
      case 401 -> Problem.of(401, "unauthorized", "Unauthorized", detail);
      case 404 -> Problem.notFound(detail);
      case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", detail);
      case 413 -> Problem.of(413, "payload-too-large", "Payload too large", detail);
      case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type", detail);
      case 503 -> Problem.unavailable(detail);
      default ->
          status >= 500
              ? Problem.of(
                  status, "internal", "Internal error", "The server could not handle the request.")
              : Problem.of(status, "invalid-request", "Invalid request", detail);
    };
  }
}
