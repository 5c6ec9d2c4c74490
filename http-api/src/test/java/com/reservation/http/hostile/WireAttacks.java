package com.reservation.http.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The wire itself: raw bytes no client library would send (broken request lines and headers,
 * conflicting or absurd lengths, chunked framing, upgrades, a TLS hello), each as a whole request.
 */
final class WireAttacks extends Draws {
  private final BookingAttacks bookings;

  WireAttacks(SplittableRandom random, AttackGenerator.Fixture fixture, BookingAttacks bookings) {
    super(random, fixture);
    this.bookings = bookings;
  }

  Attack wire() {
    String slot = pick(fixture.slots());
    String booking = "/slots/" + slot + "/bookings";
    byte[] body = json(bookings.brokenBooking());
    String cl = "Content-Length: " + body.length + "\r\n";
    List<String> heads =
        List.of(
            "GET /slots/" + slot + " HTTP/1.0\r\n\r\n",
            "GET /slots/" + slot + " HTTP/2.0\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.2\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + " HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1 extra\r\nHost: x\r\n\r\n",
            "GET  /slots/" + slot + "  HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /slots/" + slot + "\r\n\r\n",
            "GET\r\n\r\n",
            "\r\n\r\nGET /slots/" + slot + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET http://127.0.0.1/slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET http://evil.example/admin/cluster HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1:80\r\nConnection: close\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1\r\nConnection: close\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nNoColonHere\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nBad Name: v\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\n: empty-name\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\nConnection: close\r\n\r\n",
            "GET /slots/" + slot + " HTTP/1.1\nHost: x\nConnection: close\n\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Long: "
                + "v".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\n"
                + "X-Many: v\r\n".repeat(200)
                + "Connection: close\r\n\r\n",
            "GET /slots/"
                + "s".repeat(10_000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1, 2\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\nContent-Length: 4\r\nConnection: close\r\n\r\n{}{}",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + cl
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: identity\r\nConnection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                + cl
                + "Connection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: the-unexpected\r\n"
                + cl
                + "Connection: close\r\n\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
                + cl
                + "\r\n",
            "POST "
                + booking
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nUpgrade: h2c\r\nHTTP2-Settings: AAAA\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + cl
                + "\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
            "GET /slots/" + slot + "\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\nConnection: close\r\n\r\n",
            "GET /slots/"
                + slot
                + " HTTP/1.1\r\nHost: x\r\nX-Latin: caf\u00e9\r\nIdempotency-Key: \u00ff\u00fe\r\nConnection: close\r\n\r\n");
    if (random.nextInt(40) == 0) {
      // Chunked framing that breaks after the request was dispatched: Akka aborts the connection
      // (nothing is
      // processed), so this one may end without an answer; see HostileInputTest.
      byte[] broken =
          ("POST "
                  + booking
                  + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                  + "Connection: close\r\n\r\n"
                  + pick(
                      List.of("ZZ\r\n", "5\r\n{\"a\":1}\r\n", "-1\r\n", "ffffffffffffffffff\r\n")))
              .getBytes(StandardCharsets.ISO_8859_1);
      return new Attack(
          AttackGenerator.BROKEN_FRAMING, "RAW", "", List.of(), new byte[0], true, true, broken);
    }
    String head = pick(heads);
    boolean chunkedBody = random.nextInt(4) == 0;
    byte[] wire;
    if (chunkedBody) {
      // A broken booking in valid chunks, with an extension and a trailer.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(
          ("POST "
                  + booking
                  + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      int half = body.length / 2;
      out.writeBytes(
          (Integer.toHexString(half) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, half);
      out.writeBytes(
          ("\r\n" + Integer.toHexString(body.length - half) + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, half, body.length - half);
      out.writeBytes("\r\n0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      wire = out.toByteArray();
    } else {
      byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
      // Requests that announce a body get the broken booking (whatever length they claimed).
      wire = head.startsWith("POST") && head.contains(cl) ? concat(headBytes, body) : headBytes;
    }
    // A GET, OPTIONS or CONNECT cannot change anything, whatever its bytes; what announces a body
    // is a broken booking.
    boolean mutating =
        chunkedBody
            || head.startsWith("POST")
            || head.startsWith("PRI")
            || head.startsWith("\u0016");
    return new Attack("wire", "RAW", "", List.of(), new byte[0], true, mutating, wire);
  }
}
