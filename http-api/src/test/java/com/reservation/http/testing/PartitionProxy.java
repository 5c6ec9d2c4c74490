package com.reservation.http.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free port of 127.0.0.1 in front of one server, with a network partition at the
 * flip of a switch. While partitioned it forwards nothing and tells nobody: bytes are dropped,
 * connections stay open, as on a path whose packets are silently lost. Connections that saw the
 * partition stay dead after it heals (their peers' TCP state is gone); connections opened after it
 * are forwarded again. Close it to drop everything.
 */
public final class PartitionProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private volatile boolean partitioned;
  private volatile boolean closed;

  /** One client connection and, unless it was born in a partition, its upstream connection. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean dead;

    Link(Socket client, Socket upstream, boolean dead) {
      this.client = client;
      this.upstream = upstream;
      this.dead = dead;
    }

    void close() {
      closeQuietly(client);
      if (upstream != null) closeQuietly(upstream);
    }
  }

  public PartitionProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "partition-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** From now on nothing is forwarded, on open connections and new ones. */
  public void partition() {
    partitioned = true;
    links.forEach(link -> link.dead = true);
  }

  /** New connections are forwarded again; those that saw the partition stay dead. */
  public void heal() {
    partitioned = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Link link;
        if (partitioned) {
          link = new Link(client, null, true);
          start(() -> drain(client), "partition-proxy-drain");
        } else {
          Socket upstream = new Socket();
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
          link = new Link(client, upstream, false);
          start(() -> pump(link, client, upstream), "partition-proxy-up");
          start(() -> pump(link, upstream, client), "partition-proxy-down");
        }
        links.add(link);
      } catch (IOException e) {
        if (!closed) continue;
        return;
      }
    }
  }

  /** Copies bytes from one side to the other while the link is alive; drops them afterwards. */
  private void pump(Link link, Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (link.dead) continue;
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: close both below
    }
    // A dead link is left open as a silent path would be; only a live one passes the close on.
    if (!link.dead) link.close();
  }

  private static void drain(Socket client) {
    byte[] buffer = new byte[4096];
    try {
      InputStream in = client.getInputStream();
      while (in.read(buffer) >= 0) {
        // dropped
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static void start(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    links.forEach(Link::close);
  }
}
