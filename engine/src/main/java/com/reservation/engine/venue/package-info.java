/**
 * Venues: a name and an IANA time zone, stored in PostgreSQL and read through a short per-node
 * cache.
 */
package com.reservation.engine.venue;
