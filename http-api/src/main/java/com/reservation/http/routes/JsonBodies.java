package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.MediaType;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.reservation.http.dto.InvalidRequest;
import com.reservation.http.dto.Json;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body into a DTO: 415 unless it is JSON, 413 beyond the size limit (the body
 * was read to its end by {@link WholeBodies}, never buffered beyond the limit), 400 with the
 * offending field for malformed or mistyped JSON. Problem details never echo the body: it may hold
 * personal data.
 */
final class JsonBodies {
  /**
   * One reader per body type for the node's lifetime: readers are immutable and thread-safe, and
   * costly to make.
   */
  private static final ClassValue<ObjectReader> READERS =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return Json.reader(type);
        }
      };

  private final int maxBytes;
  private final WholeBodies wholeBodies;
  private final Replies replies;

  JsonBodies(HttpSettings settings, Replies replies) {
    this.maxBytes = settings.maxBodyBytes();
    this.wholeBodies = new WholeBodies(settings, replies);
    this.replies = replies;
  }

  <T> Route body(Class<T> type, Function<T, Route> inner) {
    ObjectReader reader = READERS.get(type);
    return extractRequestEntity(
        entity -> {
          if (entity.isKnownEmpty()) return problem(Problem.invalid("A JSON body is required."));
          if (!isJson(entity.getContentType().mediaType())) {
            return problem(
                Problem.of(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "Send the body as JSON with Content-Type: application/json."));
          }
          // WholeBodies, around every route, made the body strict unless the client waits for
          // "100 Continue" before sending it: then a declared length beyond the limit is refused
          // before a byte of it is sent.
          if (entity instanceof HttpEntity.Strict strict)
            return parsed(strict.getData(), reader, inner);
          if (entity.getContentLengthOption().orElse(0) > maxBytes) return tooLarge();
          return wholeBodies.read(entity, data -> parsed(data, reader, inner));
        });
  }

  private <T> Route parsed(ByteString data, ObjectReader reader, Function<T, Route> inner) {
    if (data.size() > maxBytes) return tooLarge();
    T value;
    try {
      value = reader.readValue(data.toArrayUnsafe());
    } catch (IOException e) {
      return problem(Problem.invalid(describe(e)));
    }
    if (value == null) return problem(Problem.invalid("The body must be a JSON object."));
    try {
      return inner.apply(value);
    } catch (InvalidRequest e) {
      return problem(Problem.invalid(e.getMessage()));
    }
  }

  private Route tooLarge() {
    return problem(WholeBodies.tooLarge(maxBytes));
  }

  private Route problem(Problem problem) {
    return complete(replies.problem(problem));
  }

  static boolean isJson(MediaType mediaType) {
    return mediaType.mainType().equals("application")
        && (mediaType.subType().equals("json") || mediaType.subType().endsWith("+json"));
  }

  /** Says what is wrong and where, without quoting the body. */
  static String describe(IOException e) {
    if (e instanceof StreamConstraintsException)
      return "The body exceeds a JSON nesting or size limit.";
    if (e instanceof InputCoercionException) return "A number in the body is out of range.";
    if (e instanceof JsonParseException parse) {
      return "The body is not valid JSON (line "
          + parse.getLocation().getLineNr()
          + ", column "
          + parse.getLocation().getColumnNr()
          + ").";
    }
    if (e instanceof JsonMappingException mapping) {
      String field =
          mapping.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      if (field.isEmpty()) return "The body must be a JSON object.";
      if (mapping.getCause() instanceof InputCoercionException) return field + " is out of range.";
      if (mapping instanceof MismatchedInputException mismatch
          && mismatch.getTargetType() != null) {
        return field + " must be " + expected(mismatch.getTargetType()) + ".";
      }
      return field + " has an invalid value.";
    }
    if (e instanceof JsonProcessingException) return "The body is not valid JSON.";
    return "The request body could not be read.";
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class)
      return "an integer";
    if (type == String.class) return "a string";
    if (type == LocalDate.class) return "a date like \"2026-12-01\"";
    if (type == LocalTime.class) return "a time like \"09:00\"";
    if (type == DayOfWeek.class) return "a day of the week like \"MONDAY\"";
    if (Map.class.isAssignableFrom(type)) return "an object";
    if (Collection.class.isAssignableFrom(type)) return "an array";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    return "a valid value";
  }
}
