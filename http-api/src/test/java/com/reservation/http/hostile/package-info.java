/**
 * Hostile input against a real node: a seeded generator of requests at and beyond the edges of the
 * contract (paths, methods, headers, JSON shapes, sizes, encodings, numbers), sent over real HTTP,
 * partly as raw bytes on a socket so that even what no HTTP client library would send arrives.
 */
package com.reservation.http.hostile;
