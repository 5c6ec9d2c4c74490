package com.reservation.engine.schedule;

import java.util.List;

/**
 * The outcome of applying a schedule: applied whole, or refused whole because some slots conflict.
 */
public sealed interface ScheduleResult {
  record Applied(String venueId, int slotsDefined, int slotsUnchanged) implements ScheduleResult {}

  /** Slots that exist with another length or capacity (at most the first 100 are listed). */
  record Conflict(String venueId, List<String> conflictingSlotIds, int conflictCount)
      implements ScheduleResult {}

  record UnknownVenue(String venueId) implements ScheduleResult {}
}
