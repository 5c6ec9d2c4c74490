package com.reservation.http.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 for tests: records every delivery (headers and exact body bytes),
 * answers 500 to every {@code failEvery}-th one, can be taken down (connections refused) and
 * brought back on the same port, and can be slow.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One delivery as received. */
  public record Delivery(
      String eventId,
      String signature,
      byte[] body,
      int answered,
      String timestamp,
      String signatureV2,
      long receivedAtEpochSecond) {}

  private final List<Delivery> deliveries = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final int failEvery;
  private final long delayMillis;
  private final int port;
  private HttpServer server;
  private ExecutorService threads;

  public WebhookReceiver(int failEvery, long delayMillis) throws IOException {
    this.failEvery = failEvery;
    this.delayMillis = delayMillis;
    this.server = start(0);
    this.port = server.getAddress().getPort();
  }

  private HttpServer start(int onPort) throws IOException {
    HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
    started.createContext("/hooks", this::handle);
    threads = Executors.newFixedThreadPool(4);
    started.setExecutor(threads);
    started.start();
    return started;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hooks";
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int status = failEvery > 0 && requests.incrementAndGet() % failEvery == 0 ? 500 : 204;
    synchronized (this) {
      deliveries.add(
          new Delivery(
              exchange.getRequestHeaders().getFirst("X-Reservation-Event-Id"),
              exchange.getRequestHeaders().getFirst("X-Reservation-Signature"),
              body,
              status,
              exchange.getRequestHeaders().getFirst("X-Reservation-Timestamp"),
              exchange.getRequestHeaders().getFirst("X-Reservation-Signature-V2"),
              java.time.Instant.now().getEpochSecond()));
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** The receiver goes away: connections are refused until {@link #up}. */
  public synchronized void down() {
    server.stop(0);
    threads.shutdownNow();
  }

  public synchronized void up() throws IOException {
    server = start(port);
  }

  @Override
  public synchronized void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
