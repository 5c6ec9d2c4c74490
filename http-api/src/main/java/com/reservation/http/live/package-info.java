/**
 * The live availability stream's fan-out on this node: one {@link DayHub} per venue-day with
 * viewers here, subscribed once to that day's pub-sub topic, loading the day once from the read
 * model and re-syncing it now and then, coalescing changes to at most one per slot per period and
 * rendering each frame once for all its viewers. A viewer is a bounded queue: one that cannot keep
 * up is dropped, never buffered without bound. When the node stops, every stream gets a last event
 * and ends before the node unbinds. Depends on the engine's events package and Akka streams; the
 * route that serves it is {@code routes.AvailabilityStreamRoutes}.
 */
package com.reservation.http.live;
