/**
 * Hostile input against a real node: a seeded generator of requests at and beyond the edges of the
 * contract (paths, methods, headers, JSON shapes, sizes, encodings, numbers), sent over real HTTP,
 * partly as raw bytes on a socket so that even what no HTTP client library would send arrives.
 *
 * <p>{@code AttackGenerator} picks the kind of each request; each kind is a class of its own
 * ({@code PathAttacks}, {@code BookingAttacks}, {@code AdminAttacks}, {@code WireAttacks}, {@code
 * HeaderAttacks}), all drawing from one seeded generator ({@code Draws}) so that a seed still
 * replays the same requests.
 */
package com.reservation.http.hostile;
