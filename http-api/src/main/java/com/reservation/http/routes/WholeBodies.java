package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.stream.Materializer;
import akka.util.ByteString;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Reads every request body to its end before any route answers, keeping at most the body limit plus
 * one chunk.
 *
 * <p>Why not answer as soon as the answer is known (401, 404, 413, 415...)? An answer sent while
 * the client is still writing its body makes Akka close the connection with unread bytes in the
 * socket; the kernel then resets the connection and the client loses the answer it was sent (it
 * sees "connection reset" or "no bytes", not the problem+json). Draining first lets every client
 * read its answer and keep its connection. The cost is bounded: Akka's hard ceiling
 * (parsing.max-content-length) and the body read timeout; beyond the ceiling the answer is 413 and
 * the connection closes, as it must.
 *
 * <p>Most bodies arrive whole with their headers (a strict entity): those pass through untouched,
 * so the hot path pays one type check.
 */
final class WholeBodies {
  private final int maxBytes;
  private final Duration readTimeout;
  private final Replies replies;

  WholeBodies(HttpSettings settings, Replies replies) {
    this.maxBytes = settings.maxBodyBytes();
    this.readTimeout = settings.bodyReadTimeout();
    this.replies = replies;
  }

  /**
   * The inner route, given the request with a strict entity: its whole body if within the limit,
   * else its first {@code maxBytes} bytes and one chunk more (enough for {@link JsonBodies} to say
   * 413).
   */
  Route whole(Route inner) {
    return extractRequest(
        request -> {
          HttpEntity entity = request.entity();
          if (entity instanceof HttpEntity.Strict || expectsContinue(request)) return inner;
          return read(
              entity,
              data ->
                  mapRequest(
                      withBody ->
                          withBody.withEntity(HttpEntities.create(entity.getContentType(), data)),
                      () -> inner));
        });
  }

  /**
   * The route for the body read to its end (its first {@code maxBytes} bytes and one chunk more at
   * most); 413 beyond Akka's hard ceiling, 400 when it does not arrive within the read timeout.
   */
  Route read(HttpEntity entity, Function<ByteString, Route> then) {
    return extractMaterializer(
        materializer ->
            onComplete(
                readKeepingLittleBeyondTheLimit(entity, materializer),
                read -> {
                  if (read.isSuccess()) return then.apply(read.get());
                  Throwable failure = Replies.unwrap(read.failed().get());
                  if (failure instanceof EntityStreamSizeException)
                    return complete(replies.problem(tooLarge(maxBytes)));
                  return complete(
                      replies.problem(
                          Problem.invalid(
                              "The request body could not be read completely; send it whole,"
                                  + " within "
                                  + readTimeout.toSeconds()
                                  + " s.")));
                }));
  }

  /**
   * A client that sent "Expect: 100-continue" waits for a word before it sends its body: the body
   * is not on the wire, so a route may answer at once without the reset above (and Akka sends the
   * 100 only when a route reads the body).
   */
  static boolean expectsContinue(HttpRequest request) {
    return request
        .getHeader("Expect")
        .map(expect -> expect.value().trim().equalsIgnoreCase("100-continue"))
        .orElse(false);
  }

  private CompletionStage<ByteString> readKeepingLittleBeyondTheLimit(
      HttpEntity entity, Materializer materializer) {
    return entity
        .getDataBytes()
        .completionTimeout(readTimeout)
        .runFold(
            ByteString.emptyByteString(),
            (kept, chunk) -> kept.size() > maxBytes ? kept : kept.concat(chunk),
            materializer);
  }

  static Problem tooLarge(int maxBytes) {
    return Problem.of(
        413,
        "payload-too-large",
        "Payload too large",
        "Request bodies are at most " + maxBytes + " bytes.");
  }
}
