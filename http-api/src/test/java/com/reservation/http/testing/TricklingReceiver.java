package com.reservation.http.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A webhook receiver on 127.0.0.1 that never finishes its answer: it reads each request, then
 * trickles one byte every 100 ms, either of its headers (a status line, then a header that never
 * ends) or of a body it announced as 100,000 bytes after a 200 status. It keeps writing until the
 * caller goes away, and records when each connection was accepted and when it found it closed.
 */
public final class TricklingReceiver implements AutoCloseable {
  /** What is trickled. */
  public enum Part {
    HEADERS,
    BODY
  }

  /** One connection: accepted, and closed by the caller (0 while still open). */
  public record Connection(long acceptedNanos, long closedNanos) {
    public boolean closed() {
      return closedNanos != 0;
    }
  }

  private static final long TRICKLE_MILLIS = 100;

  private final Part part;
  private final ServerSocket server;
  private final List<long[]> connections = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;

  public TricklingReceiver(Part part) throws IOException {
    this.part = part;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "trickling-receiver");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/hooks";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        long[] connection = {System.nanoTime(), 0};
        synchronized (this) {
          connections.add(connection);
          sockets.add(socket);
        }
        Thread answer = new Thread(() -> trickle(socket, connection), "trickling-answer");
        answer.setDaemon(true);
        answer.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void trickle(Socket socket, long[] connection) {
    try (socket) {
      readRequest(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      String head =
          part == Part.HEADERS
              ? "HTTP/1.1 200 OK\r\nX-Slow: "
              : "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Writing is how a closed connection shows itself (the first write after the caller's close
      // may still pass; the next one fails).
      while (true) {
        Thread.sleep(TRICKLE_MILLIS);
        out.write('x');
        out.flush();
      }
    } catch (IOException e) {
      synchronized (this) {
        connection[1] = System.nanoTime();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the request's headers and its Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("the request ended early");
      headers.append((char) b);
    }
    int length = 0;
    for (String line : headers.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
        length = Integer.parseInt(line.substring(15).trim());
    }
    in.readNBytes(length);
  }

  public synchronized List<Connection> connections() {
    return connections.stream().map(c -> new Connection(c[0], c[1])).toList();
  }

  @Override
  public synchronized void close() {
    try {
      server.close();
      for (Socket socket : sockets) socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
