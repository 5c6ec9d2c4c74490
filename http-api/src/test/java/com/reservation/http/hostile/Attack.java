package com.reservation.http.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated request. {@code raw} ones go as bytes on a socket ({@link RawHttp}), the others
 * through {@link java.net.http.HttpClient}, which keeps connections alive between them. {@code
 * mutating} ones would change state if the server accepted them; the generator makes each of them
 * invalid in at least one way, so any 2xx to one is a hole. {@code what} says how the request was
 * made, for the failure message.
 *
 * @param wire when not null, the complete bytes to send (request line and all), overriding the
 *     other fields
 */
record Attack(
    String what,
    String method,
    String target,
    List<Header> headers,
    byte[] body,
    boolean raw,
    boolean mutating,
    byte[] wire) {

  record Header(String name, byte[] value) {
    static Header of(String name, String value) {
      return new Header(name, value.getBytes(StandardCharsets.UTF_8));
    }

    String text() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  boolean head() {
    return method.equals("HEAD");
  }

  /**
   * The request as bytes for {@link RawHttp}: Host, the headers, Content-Length unless framed
   * otherwise, Connection: close.
   */
  byte[] bytes() {
    if (wire != null) return wire;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        (method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .getBytes(StandardCharsets.UTF_8));
    boolean framed = false;
    for (Header header : headers) {
      framed |=
          header.name.equalsIgnoreCase("content-length")
              || header.name.equalsIgnoreCase("transfer-encoding");
      out.writeBytes(header.name.getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(": ".getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(header.value);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    if (!framed && body.length > 0)
      out.writeBytes(
          ("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    String shownBody =
        body.length > 300
            ? new String(body, 0, 300, StandardCharsets.ISO_8859_1)
                + "...("
                + body.length
                + " bytes)"
            : new String(body, StandardCharsets.ISO_8859_1);
    if (wire != null) {
      String shown = new String(wire, StandardCharsets.ISO_8859_1);
      return what + " [raw] " + (shown.length() > 400 ? shown.substring(0, 400) + "..." : shown);
    }
    StringBuilder text =
        new StringBuilder(what).append(raw ? " [raw] " : " ").append(method).append(' ');
    text.append(
        target.length() > 200
            ? target.substring(0, 200) + "...(" + target.length() + " chars)"
            : target);
    for (Header header : headers) {
      String value = header.text();
      text.append(" | ")
          .append(header.name)
          .append(": ")
          .append(value.length() > 80 ? value.substring(0, 80) + "..." : value);
    }
    return text.append(" | body ").append(shownBody).toString();
  }
}
