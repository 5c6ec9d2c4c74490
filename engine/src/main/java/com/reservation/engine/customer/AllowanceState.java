package com.reservation.engine.customer;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The grants one customer holds in one venue: at most the venue's limit when each was granted, so a
 * handful. Also the snapshot form of the per-customer entities of earlier versions (its class name
 * is stored with them).
 */
public record AllowanceState(Map<String, Grant> grants) implements CborSerializable {
  public static final AllowanceState EMPTY = new AllowanceState(Map.of());

  /**
   * One grant: for a booking, hold or entry in {@code slotId}, asked of the slot before {@code
   * deadline}.
   */
  public record Grant(String slotId, Instant slotStart, Instant deadline)
      implements CborSerializable {}

  public AllowanceState {
    grants = grants == null ? Map.of() : Map.copyOf(grants);
  }

  public boolean has(String grantId) {
    return grants.containsKey(grantId);
  }

  public boolean isEmpty() {
    return grants.isEmpty();
  }

  /** Grants whose slot has started by {@code now}: they no longer count. */
  public List<String> startedBy(Instant now) {
    return grants.entrySet().stream()
        .filter(e -> !e.getValue().slotStart().isAfter(now))
        .map(Map.Entry::getKey)
        .toList();
  }

  public AllowanceState with(String grantId, Grant grant) {
    Map<String, Grant> next = new HashMap<>(grants);
    next.put(grantId, grant);
    return new AllowanceState(next);
  }

  public AllowanceState without(List<String> grantIds) {
    Map<String, Grant> next = new HashMap<>(grants);
    grantIds.forEach(next::remove);
    return new AllowanceState(next);
  }

  /** Replays what an earlier version's per-customer entity stored. */
  public AllowanceState apply(AllowanceEvent event) {
    if (event instanceof AllowanceEvent.Granted g) {
      return with(g.grantId(), new Grant(g.slotId(), g.slotStart(), g.deadline()));
    }
    return without(((AllowanceEvent.Released) event).grantIds());
  }
}
