package com.reservation.engine.waitingroom;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Duration;
import java.time.Instant;

/**
 * A room's settings, as an admin put them (already validated).
 *
 * @param opensAt when the line starts moving; who joined before it is ordered at this instant
 * @param prequeueFrom from when people may join
 * @param admitPerMinute admissions per minute, cluster-wide (1..1,000,000)
 * @param maxActive admitted people whose admission has not expired, at most (0: no bound)
 * @param admissionTtlSeconds how long an admission lasts
 * @param order how the line is ordered
 * @param closesAt from when the room lets everyone through (null: never)
 */
public record RoomSettings(
    Instant opensAt,
    Instant prequeueFrom,
    int admitPerMinute,
    int maxActive,
    int admissionTtlSeconds,
    LineOrder order,
    Instant closesAt)
    implements CborSerializable {

  public static final int MAX_ADMIT_PER_MINUTE = 1_000_000;
  public static final Duration DEFAULT_PREQUEUE = Duration.ofMinutes(30);

  /** The room's state at {@code now}, as admins see it. */
  public RoomPhase phase(Instant now) {
    if (closesAt != null && !now.isBefore(closesAt)) return RoomPhase.PASSTHROUGH;
    return now.isBefore(opensAt) ? RoomPhase.PREQUEUE : RoomPhase.QUEUEING;
  }

  public Duration admissionTtl() {
    return Duration.ofSeconds(admissionTtlSeconds);
  }

  public boolean hasMaxActive() {
    return maxActive > 0;
  }
}
