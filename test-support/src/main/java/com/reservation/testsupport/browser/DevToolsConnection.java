package com.reservation.testsupport.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One WebSocket to a browser's DevTools endpoint: commands go out with an id and wait for the reply
 * with that id; everything without an id is an event, handed to the listeners. Commands for a page
 * carry that page's session id (the protocol's "flat" sessions, so one socket drives the browser
 * and its pages).
 */
final class DevToolsConnection implements AutoCloseable {
  /** A DevTools error reply, or a command that got no reply in time. */
  static final class DevToolsException extends RuntimeException {
    DevToolsException(String message) {
      super(message);
    }

    DevToolsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An event: its method (e.g. {@code Runtime.exceptionThrown}), params and session. */
  record Event(String method, Map<String, Object> params, String sessionId) {}

  private final Duration timeout;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private final WebSocket socket;

  private DevToolsConnection(URI endpoint, Duration timeout) {
    this.timeout = timeout;
    try {
      this.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(endpoint, new Receiver())
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevToolsException("interrupted connecting to " + endpoint, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new DevToolsException("cannot connect to " + endpoint, e);
    }
  }

  static DevToolsConnection open(URI endpoint, Duration timeout) {
    return new DevToolsConnection(endpoint, timeout);
  }

  void onEvent(Consumer<Event> listener) {
    listeners.add(listener);
  }

  /**
   * Sends {@code method} (to the page of {@code sessionId}, or the browser when null) and returns
   * its result, or throws {@link DevToolsException} on an error reply or no reply in time.
   */
  Map<String, Object> call(String method, Map<String, Object> params, String sessionId) {
    int id = ids.incrementAndGet();
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", id);
    message.put("method", method);
    message.put("params", params);
    if (sessionId != null) message.put("sessionId", sessionId);
    CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
    pending.put(id, reply);
    try {
      // One frame at a time: the WebSocket refuses a send while the previous one is under way.
      synchronized (socket) {
        socket.sendText(Json.write(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevToolsException("interrupted in " + method, e);
    } catch (TimeoutException e) {
      throw new DevToolsException(method + ": no reply within " + timeout, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof DevToolsException d
          ? d
          : new DevToolsException(method + " failed", e.getCause());
    } finally {
      pending.remove(id);
    }
  }

  @SuppressWarnings("unchecked")
  private void received(String text) {
    Map<String, Object> message = (Map<String, Object>) Json.parse(text);
    Object id = message.get("id");
    if (id != null) {
      CompletableFuture<Map<String, Object>> reply = pending.get(((Number) id).intValue());
      if (reply == null) return;
      if (message.get("error") instanceof Map<?, ?> error) {
        reply.completeExceptionally(new DevToolsException("DevTools error: " + Json.write(error)));
      } else {
        Object result = message.get("result");
        reply.complete(result == null ? Map.of() : (Map<String, Object>) result);
      }
      return;
    }
    Object params = message.get("params");
    Event event =
        new Event(
            (String) message.get("method"),
            params == null ? Map.of() : (Map<String, Object>) params,
            (String) message.get("sessionId"));
    for (Consumer<Event> listener : listeners) listener.accept(event);
  }

  private void failAll(Throwable cause) {
    for (CompletableFuture<Map<String, Object>> reply : pending.values())
      reply.completeExceptionally(new DevToolsException("the DevTools connection ended", cause));
  }

  @Override
  public void close() {
    socket.abort();
  }

  /** Joins a message's fragments (a screenshot comes in many) and hands whole messages on. */
  private final class Receiver implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        received(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(new IOException("closed: " + statusCode + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(error);
    }
  }
}
