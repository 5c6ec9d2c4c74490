package com.reservation.http.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as raw bytes on a fresh socket, for requests no client library would send (malformed
 * request lines, invalid percent-encoding, control or non-ASCII bytes in headers, contradictory
 * framing). The request is written whole, the socket's output is closed, and the answer is read to
 * the end of the stream.
 */
final class RawHttp {
  /**
   * What came back: the status line's code, the headers (names in lower case) and the body as text.
   */
  record Answer(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  static Answer send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException closedEarly) {
        // The server may answer and close before it has read everything (e.g. a body it will not
        // take): read on.
      }
      return parse(readAll(socket.getInputStream()));
    }
  }

  /**
   * One answer from a connection that stays open: the headers, then as many body bytes as its
   * Content-Length says (the answers this reads are never chunked).
   */
  static Answer readOne(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) throw new IOException("the connection closed before an answer: " + head);
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n')
        break;
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        length = Integer.parseInt(line.substring(15).trim());
    }
    byte[] body = in.readNBytes(length);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.write(head.toByteArray());
    whole.write(body);
    return parse(whole.toByteArray());
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) bytes.write(buffer, 0, n);
    } catch (SocketTimeoutException e) {
      throw new IOException(
          "no end of the answer within 15 s; got: " + bytes.toString(StandardCharsets.ISO_8859_1),
          e);
    } catch (IOException reset) {
      // A reset after the answer was sent still leaves the answer readable.
      if (bytes.size() == 0) throw reset;
    }
    return bytes.toByteArray();
  }

  /** The first response on the stream (the connection carries one request, so one answer). */
  static Answer parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headerEnd = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || headerEnd < 0)
      throw new IOException("not an HTTP answer: " + text);
    String[] lines = text.substring(0, headerEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0)
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
    String length = headers.get("content-length");
    if (length != null) {
      int n = Math.min(Integer.parseInt(length), rest.length);
      rest = java.util.Arrays.copyOf(rest, n);
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunk(rest);
    }
    return new Answer(status, headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < chunked.length) {
      int lineEnd = indexOf(chunked, pos);
      if (lineEnd < 0) break;
      String sizeText =
          new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) break;
      body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
      pos = lineEnd + 2 + size + 2;
    }
    return body.toByteArray();
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++)
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') return i;
    return -1;
  }
}
