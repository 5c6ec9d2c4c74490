/**
 * Events out: what the slots' journal says, as public events (booking.confirmed, booking.cancelled,
 * ...) with stable ids, for the pull feed ({@link com.reservation.engine.events.EventFeed}) and the
 * webhooks; {@link com.reservation.engine.events.EventsOut} starts them all on a node.
 * Sub-packages: {@code model} (the public events and the one mapping from facts to them; contact
 * data never reaches an event), {@code webhook} (outbox projection and delivery workers), {@code
 * live} (slot counts published per venue-day for the availability stream), {@code arrivals}
 * (booking attempts per slot and second, for replaying a burst). The sub-packages never import this
 * one. Depends on the slot, journal and store packages; never on HTTP.
 */
package com.reservation.engine.events;
