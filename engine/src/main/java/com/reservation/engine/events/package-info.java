/**
 * Events out: what the slots' journal says, as public events (booking.confirmed, booking.cancelled,
 * ...) with stable ids, for the pull feed and the webhooks. One mapping turns facts into public
 * events ({@link EventMapping}); contact data never reaches an event. Sub-packages: {@code webhook}
 * (outbox projection and delivery workers), {@code live} (slot counts published per venue-day for
 * the availability stream), {@code arrivals} (booking attempts per slot and second, for replaying a
 * burst). Depends on the slot, journal and store packages; never on HTTP.
 */
package com.reservation.engine.events;
