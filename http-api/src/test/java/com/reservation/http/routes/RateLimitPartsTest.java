package com.reservation.http.routes;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The parts of rate limiting without a server: who a client is, and its token bucket on a clock the
 * test moves.
 */
class RateLimitPartsTest {
  private static Optional<InetAddress> peer(String address) {
    return ClientAddress.literal(address);
  }

  @Test
  void theClientIsThePeerUnlessThePeerIsATrustedProxy() {
    ClientAddress clients = new ClientAddress(List.of("10.0.0.0/8", "192.0.2.1"));
    // An untrusted peer: whatever it forwards is its own claim.
    assertEquals("198.51.100.7", clients.key(peer("198.51.100.7"), List.of("203.0.113.9")));
    // A trusted proxy: the right-most address it forwarded that is not itself a trusted proxy.
    assertEquals("203.0.113.9", clients.key(peer("10.1.2.3"), List.of("203.0.113.9")));
    assertEquals(
        "203.0.113.9", clients.key(peer("10.1.2.3"), List.of("203.0.113.9, 10.9.9.9, 192.0.2.1")));
    // A client cannot choose its bucket by writing the header itself: only the hop the proxy added
    // counts.
    assertEquals("203.0.113.9", clients.key(peer("10.1.2.3"), List.of("1.1.1.1, 203.0.113.9")));
    assertEquals("203.0.113.9", clients.key(peer("10.1.2.3"), List.of("1.1.1.1", "203.0.113.9")));
    // Ports and brackets as proxies write them; garbage and names stop the walk at the last address
    // known.
    assertEquals("203.0.113.9", clients.key(peer("10.1.2.3"), List.of("203.0.113.9:5123")));
    assertEquals("10.1.2.3", clients.key(peer("10.1.2.3"), List.of("unknown")));
    assertEquals("10.1.2.3", clients.key(peer("10.1.2.3"), List.of("evil.example.com")));
    assertEquals("10.1.2.3", clients.key(peer("10.1.2.3"), List.of("")));
    assertEquals("10.9.9.9", clients.key(peer("10.1.2.3"), List.of("999.1.1.1, 10.9.9.9")));
    // Only trusted hops all the way: the left-most of them.
    assertEquals("10.9.9.9", clients.key(peer("10.1.2.3"), List.of("10.9.9.9")));
    assertEquals("unknown", clients.key(Optional.empty(), List.of("203.0.113.9")));
  }

  @Test
  void ipv6ClientsCountPerSlash64() {
    ClientAddress clients = new ClientAddress(List.of("fd00::/8"));
    String one = clients.key(peer("2001:db8:1:2::1"), List.of());
    assertEquals(one, clients.key(peer("2001:db8:1:2:ffff::9"), List.of()), "the same /64");
    assertNotEquals(one, clients.key(peer("2001:db8:1:3::1"), List.of()), "another /64");
    assertEquals(one, clients.key(peer("fd00::5"), List.of("[2001:db8:1:2::7]:443")));
  }

  @Test
  void addressesAreLiteralsNeverNames() {
    assertTrue(ClientAddress.literal("203.0.113.9").isPresent());
    assertTrue(ClientAddress.literal("::1").isPresent());
    for (String notAnAddress :
        List.of(
            "localhost", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", ":::", "", "١٢.1.1.1")) {
      assertTrue(ClientAddress.literal(notAnAddress).isEmpty(), notAnAddress);
    }
    assertThrows(
        IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.internal")));
    assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
  }

  @Test
  void aBucketHoldsTheBurstAndRefillsAtTheRate() {
    AtomicLong now = new AtomicLong();
    TokenBuckets buckets = new TokenBuckets(2, 3, 100, now::get);
    for (int i = 0; i < 3; i++) assertEquals(0, buckets.take("a"), "the burst");
    long wait = buckets.take("a");
    assertEquals(500_000_000L, wait, "half a second until the next token at 2 per second");
    assertEquals(0, buckets.take("b"), "another client has its own bucket");
    now.addAndGet(wait);
    assertEquals(0, buckets.take("a"));
    assertTrue(buckets.take("a") > 0);
    now.addAndGet(60_000_000_000L);
    for (int i = 0; i < 3; i++)
      assertEquals(0, buckets.take("a"), "refilled to the burst, never beyond");
    assertTrue(buckets.take("a") > 0);
  }

  @Test
  void bucketsAreBoundedAndIdleOnesDropped() {
    AtomicLong now = new AtomicLong();
    TokenBuckets buckets = new TokenBuckets(1, 1, 3, now::get);
    for (String client : List.of("a", "b", "c")) assertEquals(0, buckets.take(client));
    assertEquals(3, buckets.size());
    // Full: newcomers share one bucket.
    assertEquals(0, buckets.take("d"));
    assertTrue(buckets.take("e") > 0, "d and e share the overflow bucket");
    assertEquals(3, buckets.size());
    // Once the others are idle (full again), the next request after the sweep interval drops them.
    now.addAndGet(TokenBuckets.SWEEP_EVERY_NANOS);
    assertEquals(0, buckets.take("e"));
    assertEquals(1, buckets.size(), "only e's bucket remains");
  }
}
