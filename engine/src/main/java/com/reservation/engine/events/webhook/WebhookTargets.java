package com.reservation.engine.events.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Which URLs a webhook may be delivered to. A node's deliveries come from inside the operator's
 * network, so a URL that resolves to a loopback, private, link-local, unspecified or multicast
 * address would let an admin token reach services that are not meant to be reachable (a cloud's
 * metadata endpoint at 169.254.169.254, a database on 127.0.0.1) and learn from delivery errors
 * which ports answer. Such targets are refused at registration and again before every delivery (a
 * name may resolve differently later), unless the operator allows them ({@code
 * reservation.events.webhooks.allow-private-targets}, {@code
 * RESERVATION_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true}: tests and local demos).
 */
public final class WebhookTargets {
  private final boolean allowPrivate;

  public WebhookTargets(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** {@link #refusal} run on {@code blocking} (name resolution blocks). */
  public CompletionStage<Optional<String>> check(URI url, Executor blocking) {
    if (allowPrivate) return CompletableFuture.completedFuture(Optional.empty());
    return CompletableFuture.supplyAsync(() -> refusal(url), blocking);
  }

  /**
   * Why {@code url} may not be a target now, or empty when it may. Resolves the host (blocking:
   * call it off actor and request threads). A host that does not resolve is not refused here: there
   * is nothing to deliver to yet, and the check runs again before each delivery.
   */
  public Optional<String> refusal(URI url) {
    if (allowPrivate) return Optional.empty();
    String host = url.getHost();
    if (host == null) return Optional.of("the url has no host");
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    for (InetAddress address : addresses) {
      if (isInternal(address))
        return Optional.of(
            "the url's host is a loopback, private, link-local or unspecified address; webhooks"
                + " go to public receivers (an operator may allow private targets with"
                + " RESERVATION_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true)");
    }
    return Optional.empty();
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) return true;
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      // Unique local addresses fc00::/7, the IPv6 private range (isSiteLocal is the old fec0::/10).
      return (bytes[0] & 0xfe) == 0xfc;
    }
    // Carrier-grade NAT 100.64.0.0/10 is private too; 0.0.0.0/8 is "this network".
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    return (first == 100 && (second & 0xc0) == 64) || first == 0;
  }
}
