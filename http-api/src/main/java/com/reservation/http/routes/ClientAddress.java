package com.reservation.http.routes;

import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.RemoteAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for rate limiting: the TCP peer, unless the peer is one of the
 * configured trusted proxies; then {@code X-Forwarded-For} is read from its right end (the hop the
 * proxy itself added) leftwards, skipping further trusted proxies, and the first address that is
 * not one is the client. Entries a client wrote itself sit further left and are never reached past
 * an untrusted hop, so nobody can pick their own bucket by sending the header. IPv6 clients are
 * keyed by their /64, the block one subscriber usually gets, so rotating addresses within it buys
 * no extra budget.
 */
final class ClientAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  /** An address range: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
  record Range(byte[] network, int prefixBits) {
    static Range parse(String text) {
      String trimmed = text.trim();
      int slash = trimmed.indexOf('/');
      InetAddress address =
          literal(slash < 0 ? trimmed : trimmed.substring(0, slash))
              .orElseThrow(
                  () -> new IllegalArgumentException("not an IP address or CIDR range: " + text));
      int bits = address.getAddress().length * 8;
      int prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
      if (prefix < 0 || prefix > bits)
        throw new IllegalArgumentException("bad prefix length in " + text);
      return new Range(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) return false;
      for (int bit = 0; bit < prefixBits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
      }
      return true;
    }
  }

  private final List<Range> trustedProxies;

  ClientAddress(List<String> trustedProxies) {
    List<Range> ranges = new ArrayList<>();
    for (String proxy : trustedProxies) ranges.add(Range.parse(proxy));
    this.trustedProxies = List.copyOf(ranges);
  }

  /**
   * The bucket key of a request from {@code peer} carrying these {@code X-Forwarded-For} values (in
   * header order).
   */
  String key(Optional<InetAddress> peer, List<String> forwardedFor) {
    if (peer.isEmpty()) return "unknown";
    InetAddress client = peer.get();
    if (trusted(client) && !forwardedFor.isEmpty()) {
      List<String> hops = new ArrayList<>();
      for (String header : forwardedFor) for (String hop : header.split(",")) hops.add(hop.trim());
      for (int i = hops.size() - 1; i >= 0; i--) {
        Optional<InetAddress> hop = literal(withoutPort(hops.get(i)));
        // "unknown", an obfuscated name or garbage: the last address known for sure stands for the
        // client.
        if (hop.isEmpty()) break;
        client = hop.get();
        if (!trusted(client)) break;
      }
    }
    return keyOf(client);
  }

  /**
   * The client of {@code request}: the peer as the socket saw it
   * (akka.http.server.remote-address-attribute), or what a trusted proxy forwarded, never a
   * header's claim from anyone else.
   */
  String of(HttpRequest request) {
    Optional<InetAddress> peer =
        request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
    List<String> forwardedFor = new ArrayList<>(1);
    for (HttpHeader header : request.getHeaders()) {
      if (header.is("x-forwarded-for")) forwardedFor.add(header.value());
    }
    return key(peer, forwardedFor);
  }

  private boolean trusted(InetAddress address) {
    for (Range range : trustedProxies) if (range.contains(address)) return true;
    return false;
  }

  static String keyOf(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      StringBuilder prefix = new StringBuilder("v6:");
      for (int i = 0; i < 8; i++) prefix.append(String.format("%02x", bytes[i]));
      return prefix.append("/64").toString();
    }
    return address.getHostAddress();
  }

  /** "1.2.3.4:5678" and "[::1]:5678" as X-Forwarded-For may carry them, without the port. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(1, end);
    }
    int colon = hop.indexOf(':');
    if (colon > 0 && hop.indexOf(':', colon + 1) < 0) return hop.substring(0, colon);
    return hop;
  }

  /** An IP literal, never a name: no text from a request may cause a DNS lookup. */
  static Optional<InetAddress> literal(String text) {
    try {
      if (IPV4.matcher(text).matches()) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int value = Integer.parseInt(parts[i]);
          if (value > 255) return Optional.empty();
          bytes[i] = (byte) value;
        }
        return Optional.of(Inet4Address.getByAddress(bytes));
      }
      // With a colon Java parses the text as an IPv6 literal and never asks DNS.
      if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches())
        return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
