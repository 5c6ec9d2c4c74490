package com.reservation.http.hostile;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile requests: the same seed makes the same requests. Paths (the routes'
 * templates with their segments replaced by edge values, and paths no route has), methods, headers,
 * JSON shapes, sizes, encodings and numbers at the edges; some as raw bytes no client library would
 * send.
 *
 * <p>Every request that could change state if accepted (a booking, a cancel, an admin change)
 * carries at least one defect that the contract says is refused ({@link
 * BookingAttacks#bookingBreakers}, {@link AdminAttacks#venueBreakers}, ...), or goes without the
 * right token; so none of them may be answered with 2xx, and none may change a slot. Reads may
 * succeed.
 */
final class AttackGenerator {
  /** What the node under attack holds: one venue, its slots, one booking, the admin token. */
  record Fixture(
      String venue, List<String> slots, String bookingId, String day, String adminToken) {}

  /** The kind of attack that may end without an answer (see {@link WireAttacks#wire}). */
  static final String BROKEN_FRAMING = "wire, chunked framing broken mid-body";

  private final SplittableRandom random;
  private final BookingAttacks bookings;
  private final AdminAttacks admin;
  private final PathAttacks paths;
  private final WireAttacks wire;
  private final HeaderAttacks headers;

  AttackGenerator(long seed, Fixture fixture) {
    // One generator for all kinds: the same seed makes the same requests.
    this.random = new SplittableRandom(seed);
    this.bookings = new BookingAttacks(random, fixture);
    this.admin = new AdminAttacks(random, fixture, bookings);
    this.paths = new PathAttacks(random, fixture, bookings, admin);
    this.wire = new WireAttacks(random, fixture, bookings);
    this.headers = new HeaderAttacks(random, fixture, bookings);
  }

  Attack next() {
    int kind = random.nextInt(100);
    if (kind < 18) return paths.pathProbe();
    if (kind < 42) return bookings.booking();
    if (kind < 52) return admin.adminWithoutTheToken();
    if (kind < 66) return admin.adminWithTheToken();
    if (kind < 76) return paths.calendarQuery();
    if (kind < 88) return wire.wire();
    return headers.headerProbe();
  }
}
