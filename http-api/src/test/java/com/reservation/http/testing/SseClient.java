package com.reservation.http.testing;

import com.reservation.testsupport.Polling;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A server-sent-events client for tests: reads a stream on its own thread and keeps every event and
 * comment with the time it arrived. {@link #close} cancels the stream.
 */
public final class SseClient implements AutoCloseable {
  /**
   * An event ({@code event}/{@code data}) or a comment ({@code event} = ":", {@code data} its
   * text).
   */
  public record Event(String event, String data, long receivedNanos) {
    public boolean isComment() {
      return event.equals(":");
    }
  }

  private final HttpResponse<InputStream> response;
  private final List<Event> events = new ArrayList<>();
  private final Thread reader;
  private volatile boolean ended;
  private volatile long retryMillis = -1;
  private volatile boolean endedCleanly;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Opens the stream; the response (status, headers) is there at once, the events arrive as they
   * come.
   */
  public static SseClient open(HttpClient client, String url) {
    return open(client, url, null);
  }

  /**
   * The same, as the client a trusted proxy names in {@code X-Forwarded-For} (null: no such
   * header).
   */
  public static SseClient open(HttpClient client, String url, String forwardedFor) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Accept", "text/event-stream")
              .GET();
      if (forwardedFor != null) request.header("X-Forwarded-For", forwardedFor);
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new SseClient(response);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String event = "message";
      StringBuilder data = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith(":")) {
          add(new Event(":", line.substring(1).trim(), System.nanoTime()));
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("retry:")) {
          retryMillis = Long.parseLong(line.substring(6).trim());
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).trim());
        } else if (line.isEmpty() && data.length() > 0) {
          add(new Event(event, data.toString(), System.nanoTime()));
          event = "message";
          data.setLength(0);
        }
      }
      endedCleanly = true;
    } catch (IOException e) {
      // closed by us or by the server
    } finally {
      ended = true;
    }
  }

  private synchronized void add(Event event) {
    events.add(event);
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  public List<Event> events(String type) {
    return events().stream().filter(e -> e.event().equals(type)).toList();
  }

  /** The first event matching, waiting up to {@code timeout}. */
  public Event await(Predicate<Event> matching, Duration timeout, String what) {
    Event[] found = new Event[1];
    Polling.until(
        timeout,
        () -> {
          found[0] = events().stream().filter(matching).findFirst().orElse(null);
          return found[0] != null;
        },
        what);
    return found[0];
  }

  /** The last {@code retry} field the server sent (how long to wait before reconnecting), or -1. */
  public long retryMillis() {
    return retryMillis;
  }

  /**
   * Whether the stream's body came to its end (the server completed it), rather than its connection
   * breaking.
   */
  public boolean endedCleanly() {
    return endedCleanly;
  }

  /** Whether the server ended the stream. */
  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
