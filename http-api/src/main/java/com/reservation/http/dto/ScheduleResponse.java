package com.reservation.http.dto;

/**
 * What applying a schedule did: slots newly defined, and slots it named that already existed
 * unchanged.
 */
public record ScheduleResponse(String venueId, int slotsDefined, int slotsUnchanged) {}
