/**
 * Live availability, the engine's half: each slot's counts after a write are published to an Akka
 * pub-sub topic per venue-day ({@link AvailabilityTopics}, one tell per write), and the day's slots
 * can be read from the read model with the sequence number each row reflects ({@link
 * LiveDayQuery}), so a subscriber can merge both without going back in time. The fan-out to viewers
 * lives with the HTTP layer.
 */
package com.reservation.engine.events.live;
