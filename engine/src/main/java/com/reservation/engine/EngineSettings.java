package com.reservation.engine;

import com.reservation.engine.availability.AvailabilityProjection;
import com.reservation.engine.customer.AllowanceSettings;
import com.reservation.engine.expiry.ExpirySettings;
import com.reservation.engine.slot.rules.SlotSettings;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The engine's settings, from {@code reservation} in the configuration (defaults in the engine's
 * reference.conf).
 */
public record EngineSettings(
    SlotSettings slot,
    Duration askTimeout,
    Duration venueCacheFor,
    Duration catalogCacheFor,
    Duration availabilityCacheFor,
    AvailabilityProjection.Settings projection,
    int maxScheduleSlots,
    ExpirySettings expiry,
    AllowanceSettings customer) {

  public static EngineSettings fromConfig(Config reservation) {
    Config availability = reservation.getConfig("availability");
    return new EngineSettings(
        SlotSettings.fromConfig(reservation.getConfig("slot")),
        reservation.getDuration("ask-timeout"),
        reservation.getDuration("venue-cache"),
        reservation.getDuration("catalog-cache"),
        availability.getDuration("cache"),
        new AvailabilityProjection.Settings(
            availability.getDuration("poll-interval"),
            availability.getInt("page-size"),
            availability.getInt("group-size"),
            availability.getDuration("group-within")),
        reservation.getInt("schedule.max-slots"),
        ExpirySettings.fromConfig(reservation.getConfig("expiry")),
        AllowanceSettings.fromConfig(reservation.getConfig("customer")));
  }
}
