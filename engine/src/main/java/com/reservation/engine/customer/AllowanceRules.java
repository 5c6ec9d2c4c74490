package com.reservation.engine.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bucket's decision on one customer's request for an allowance, as a pure function of the
 * customer's grants, the request, {@code now} and when grants were last found in use: kept apart
 * from the actor so that the fault simulation drives the same code.
 */
public final class AllowanceRules {
  private AllowanceRules() {}

  /** What to do with a request. */
  public sealed interface Decision {}

  /** Granted: store these events (possibly none, for a grant already stored), then answer. */
  public record Grant(List<BucketEvent> events) implements Decision {}

  /** At the limit: store these events (grants of started slots, possibly none), then refuse. */
  public record Refuse(List<BucketEvent> events) implements Decision {}

  /**
   * At the limit, but these grants' deadlines have passed: ask their slots whether they still use
   * them, then decide again.
   */
  public record AskSlots(List<String> grantIds) implements Decision {}

  /**
   * Decides a request for {@code grantId} in {@code slotId} before {@code deadline}, within {@code
   * limit}.
   *
   * @param lastFoundInUse when a grant of this customer was last found in use by its slot (null:
   *     never asked in this incarnation)
   */
  public static Decision reserve(
      AllowanceState state,
      String customerId,
      String grantId,
      String slotId,
      Instant slotStart,
      Instant deadline,
      int limit,
      Instant now,
      AllowanceSettings settings,
      Function<String, Instant> lastFoundInUse) {
    if (state.has(grantId)) {
      AllowanceState.Grant grant = state.grants().get(grantId);
      if (deadline.isAfter(grant.deadline())) {
        // A retry that will reach the slot later than the first attempt: the grant must count
        // until the retry's deadline, or a clean-up meanwhile could find it unused (the retry has
        // not arrived yet), give it back, and let the retry book past the limit.
        return new Grant(
            List.of(
                new BucketEvent.Granted(
                    customerId, grantId, grant.slotId(), grant.slotStart(), deadline)));
      }
      return new Grant(List.of());
    }
    List<String> started = state.startedBy(now);
    if (state.grants().size() - started.size() < limit) {
      BucketEvent granted =
          new BucketEvent.Granted(customerId, grantId, slotId, slotStart, deadline);
      return new Grant(
          started.isEmpty()
              ? List.of(granted)
              : List.of(new BucketEvent.Released(customerId, started), granted));
    }
    List<String> settled = settled(state, now, started, settings, lastFoundInUse);
    if (!settled.isEmpty()) return new AskSlots(settled);
    return new Refuse(
        started.isEmpty() ? List.of() : List.of(new BucketEvent.Released(customerId, started)));
  }

  /**
   * Grants whose slot has not started, whose deadline has passed by the margin, and that were not
   * just found in use.
   */
  private static List<String> settled(
      AllowanceState state,
      Instant now,
      List<String> started,
      AllowanceSettings settings,
      Function<String, Instant> lastFoundInUse) {
    Instant deadlinePassed = now.minus(settings.settleAfter());
    Instant recheckFrom = now.minus(settings.recheckAfter());
    List<String> settled = new ArrayList<>();
    state
        .grants()
        .forEach(
            (grantId, grant) -> {
              Instant checked = lastFoundInUse.apply(grantId);
              if (!started.contains(grantId)
                  && grant.deadline().isBefore(deadlinePassed)
                  && (checked == null || checked.isBefore(recheckFrom))) {
                settled.add(grantId);
              }
            });
    return settled;
  }

  /** What a report that a grant ended (a slot's "no longer used", the saga's "refused") does. */
  public enum Ended {
    /** One of several requests that shared the grant ended: count it off, keep the grant. */
    ONE_OF_DUPLICATES,
    /** The grant is not stored (released already, or never granted): nothing to do. */
    UNKNOWN,
    /** Give the grant back. */
    RELEASE
  }

  /**
   * Decides a report that a grant ended. Only duplicates of one keyed request share a grant id, and
   * the report may be about one of them while another still uses the grant (one of two concurrent
   * retries was refused while the other booked, or a slot forgot an ended record past its history
   * bounds and a retry with its key made a second one): such a grant is kept, to be settled by
   * asking the slot after its deadline, so it is never freed while a record uses it.
   *
   * @param timesAsked how often the grant was asked for in this incarnation (null: once)
   */
  public static Ended ended(AllowanceState state, String grantId, Integer timesAsked) {
    if (timesAsked != null && timesAsked > 1) return Ended.ONE_OF_DUPLICATES;
    return state.has(grantId) ? Ended.RELEASE : Ended.UNKNOWN;
  }
}
