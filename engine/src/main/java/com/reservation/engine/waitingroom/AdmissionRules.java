package com.reservation.engine.waitingroom;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many people a room admits at an instant: as many as wait, but never more than {@code
 * admitPerMinute} over any minute, a sixth of it plus one over any 10 seconds, or {@code maxActive}
 * at once; and, so that admissions come evenly rather than in lumps, no more than the rate has
 * earned since the previous round (the room keeps the fraction for the next). Pure: the room
 * decides with it, tests prove the bounds with it.
 */
public final class AdmissionRules {
  static final Duration MINUTE = Duration.ofMinutes(1);
  static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  private AdmissionRules() {}

  /** The most admitted over any 10 s. */
  public static int perTenSeconds(int admitPerMinute) {
    return admitPerMinute / 6 + 1;
  }

  /**
   * How many to admit at {@code now}.
   *
   * @param waiting placed in line and not yet admitted
   * @param recent admissions not yet expired (every one of the last minute is among them)
   * @param earned admissions the rate has earned and not yet used ({@link #earned})
   */
  public static int admissible(
      RoomSettings settings,
      int waiting,
      List<RoomState.AdmissionBatch> recent,
      Instant now,
      double earned) {
    if (waiting <= 0) return 0;
    int rate = settings.admitPerMinute();
    // Windows include both ends, so a minute that starts at one admission and ends at another
    // counts both: the bound holds for any window a client may measure.
    int lastMinute = admittedSince(recent, now.minus(MINUTE));
    int lastTen = admittedSince(recent, now.minus(TEN_SECONDS));
    long n = Math.min(waiting, (long) Math.floor(earned));
    n = Math.min(n, rate - lastMinute);
    n = Math.min(n, perTenSeconds(rate) - lastTen);
    if (settings.hasMaxActive()) n = Math.min(n, settings.maxActive() - active(recent, now));
    return (int) Math.max(0, n);
  }

  /**
   * What the rate earns over {@code since}, added to what is left from before; never more than a
   * round's worth beyond one person, so a room that waited (nobody in line, a failover) does not
   * let a lump in at once.
   */
  public static double earned(RoomSettings settings, double left, Duration since, Duration round) {
    double perMilli = settings.admitPerMinute() / 60_000.0;
    double cap = Math.max(1.0, perMilli * round.toMillis()) + 1.0;
    return Math.min(cap, left + perMilli * since.toMillis());
  }

  static int admittedSince(List<RoomState.AdmissionBatch> recent, Instant from) {
    int count = 0;
    for (RoomState.AdmissionBatch batch : recent)
      if (!batch.at().isBefore(from)) count += batch.count();
    return count;
  }

  static int active(List<RoomState.AdmissionBatch> recent, Instant now) {
    int count = 0;
    for (RoomState.AdmissionBatch batch : recent)
      if (batch.expiresAt().isAfter(now)) count += batch.count();
    return count;
  }

  /**
   * Seconds until {@code ahead} more people have been admitted (those ahead and the one asking), at
   * the room's rate; bounded by maxActive when admissions last longer than the line moves.
   */
  public static long secondsFor(RoomSettings settings, long ahead) {
    if (ahead <= 0) return 0;
    double perSecond = settings.admitPerMinute() / 60.0;
    if (settings.hasMaxActive()) {
      perSecond =
          Math.min(perSecond, settings.maxActive() / (double) settings.admissionTtlSeconds());
    }
    return (long) Math.ceil(ahead / perSecond);
  }
}
