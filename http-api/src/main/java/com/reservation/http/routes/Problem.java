package com.reservation.http.routes;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.util.ByteString;
import com.reservation.http.dto.Json;
import com.reservation.http.dto.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 9457 problem response ({@code application/problem+json}). The last path segment of {@code
 * type} is the stable machine-readable code; {@code detail} is for people and never carries a stack
 * trace or SQL. {@code extensions} are extra members a problem type defines (e.g. {@code
 * conflictingSlotIds}).
 */
public record Problem(
    String code, String title, int status, String detail, Map<String, Object> extensions) {
  public static final ContentType.WithFixedCharset PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail");

  public Problem {
    extensions = Map.copyOf(extensions);
  }

  public String type() {
    return "/problems/" + code;
  }

  /** The same problem with one more member in its body. */
  public Problem with(String member, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(member, value);
    return new Problem(code, title, status, detail, more);
  }

  /**
   * The body as UTF-8 JSON, written straight into bytes: members {@code type}, {@code title},
   * {@code status}, {@code detail}, then the extensions (each value as the mapper writes it). An
   * extension named like one of the four replaces that member's value in its place (readiness puts
   * {@code "status": "NOT_READY"}), as a JSON object's member would.
   */
  public byte[] toJsonBytes() {
    JsonBytes json =
        new JsonBytes(
            64 + code.length() + title.length() + (detail == null ? 4 : detail.length()),
            JsonBytes.Surrogates.ENCODED);
    json.raw('{').name("type");
    if (!extension(json, "type")) json.string(type());
    json.raw(',').name("title");
    if (!extension(json, "title")) json.string(title);
    json.raw(',').name("status");
    if (!extension(json, "status")) json.number(status);
    json.raw(',').name("detail");
    if (!extension(json, "detail")) json.string(detail);
    extensions.forEach(
        (member, value) -> {
          if (!STANDARD_MEMBERS.contains(member)) json.raw(',').name(member).raw(Json.bytes(value));
        });
    return json.raw('}').toByteArray();
  }

  /** Writes the extension's value if there is one by this name. */
  private boolean extension(JsonBytes json, String member) {
    if (extensions.isEmpty()) return false;
    Object value = extensions.get(member);
    if (value == null) return false;
    json.raw(Json.bytes(value));
    return true;
  }

  public String toJson() {
    return new String(toJsonBytes(), StandardCharsets.UTF_8);
  }

  public HttpResponse toResponse() {
    return HttpResponse.create()
        .withStatus(StatusCodes.get(status))
        .withEntity(HttpEntities.create(PROBLEM_JSON, ByteString.fromArrayUnsafe(toJsonBytes())));
  }

  /** A 503 with {@code Retry-After}, for "overloaded" and "unavailable". */
  public HttpResponse toResponse(int retryAfterSeconds) {
    return toResponse().addHeader(RetryAfter.create((long) retryAfterSeconds));
  }

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem(code, title, status, detail, Map.of());
  }

  // The problem types of the contract, so every route words them the same way.

  public static Problem invalid(String detail) {
    return of(400, "invalid-request", "Invalid request", detail);
  }

  public static Problem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  public static Problem overloaded() {
    return of(
        503,
        "overloaded",
        "Overloaded",
        "The node has too many requests in flight; retry after the indicated delay.");
  }

  public static Problem unavailable(String detail) {
    return of(503, "unavailable", "Unavailable", detail);
  }

  public static Problem internal(String reference) {
    return of(
        500,
        "internal",
        "Internal error",
        "An unexpected error occurred (reference " + reference + ").");
  }
}
