package com.reservation.http.routes;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An RFC 9457 problem response ({@code application/problem+json}). The last path segment of {@code type} is the
 * stable machine-readable code; {@code detail} is for people and never carries a stack trace or SQL.
 */
public record Problem(String code, String title, int status, String detail) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  public static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", akka.http.javadsl.model.HttpCharsets.UTF_8));

  public String type() {
    return "/problems/" + code;
  }

  public HttpResponse toResponse() {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("type", type());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    HttpResponse response =
        HttpResponse.create()
            .withStatus(StatusCodes.get(status))
            .withEntity(HttpEntities.create(PROBLEM_JSON, body.toString()));
    return response;
  }

  /** A 503 with {@code Retry-After}, for "overloaded" and "unavailable". */
  public HttpResponse toResponse(int retryAfterSeconds) {
    return toResponse().addHeader(RetryAfter.create((long) retryAfterSeconds));
  }

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem(code, title, status, detail);
  }
}
