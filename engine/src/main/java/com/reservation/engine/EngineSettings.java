package com.reservation.engine;

import com.reservation.engine.slot.SlotSettings;
import com.typesafe.config.Config;
import java.time.Duration;

/** The engine's settings, from {@code reservation} in the configuration (defaults in the engine's reference.conf). */
public record EngineSettings(
    SlotSettings slot,
    Duration askTimeout,
    Duration venueCacheFor,
    Duration availabilityCacheFor,
    int projectionGroupSize,
    Duration projectionGroupWithin,
    int maxScheduleSlots) {

  public static EngineSettings fromConfig(Config reservation) {
    return new EngineSettings(
        SlotSettings.fromConfig(reservation.getConfig("slot")),
        reservation.getDuration("ask-timeout"),
        reservation.getDuration("venue-cache"),
        reservation.getDuration("availability.cache"),
        reservation.getInt("availability.group-size"),
        reservation.getDuration("availability.group-within"),
        reservation.getInt("schedule.max-slots"));
  }
}
