package com.reservation.engine.customer;

import com.reservation.engine.slot.rules.PersistentMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The allowances of every customer one bucket serves, by customer id. Customers without grants are
 * not kept, so its size is the number of customers with grants for slots that have not started.
 * Immutable, with cheap updates: a bucket of thousands of customers does not copy them per event.
 */
public record AllowanceBook(PersistentMap<String, AllowanceState> customers) {
  public static final AllowanceBook EMPTY = new AllowanceBook(PersistentMap.empty());

  public AllowanceState of(String customerId) {
    return customers.get(customerId).orElse(AllowanceState.EMPTY);
  }

  public int size() {
    return customers.size();
  }

  /** Per customer, the grants whose slots have started by {@code now}. */
  public List<BucketEvent.Released> startedBy(Instant now) {
    List<BucketEvent.Released> started = new ArrayList<>();
    customers
        .asJava()
        .forEach(
            (customerId, state) -> {
              List<String> grants = state.startedBy(now);
              if (!grants.isEmpty()) started.add(new BucketEvent.Released(customerId, grants));
            });
    return started;
  }

  public AllowanceBook apply(BucketEvent event) {
    if (event instanceof BucketEvent.Granted g) {
      AllowanceState.Grant grant =
          new AllowanceState.Grant(g.slotId(), g.slotStart(), g.deadline());
      return with(g.customerId(), of(g.customerId()).with(g.grantId(), grant));
    }
    if (event instanceof BucketEvent.Released r) {
      return with(r.customerId(), of(r.customerId()).without(r.grantIds()));
    }
    PersistentMap<String, AllowanceState> next = customers;
    for (Map.Entry<String, AllowanceState> imported :
        ((BucketEvent.Imported) event).customers().entrySet()) {
      if (!imported.getValue().isEmpty()) next = next.with(imported.getKey(), imported.getValue());
    }
    return new AllowanceBook(next);
  }

  private AllowanceBook with(String customerId, AllowanceState state) {
    return new AllowanceBook(
        state.isEmpty() ? customers.without(customerId) : customers.with(customerId, state));
  }

  /** The form snapshots store. */
  public Stored stored() {
    return new Stored(customers.asJava());
  }

  public static AllowanceBook of(Stored stored) {
    PersistentMap.Builder<String, AllowanceState> builder = PersistentMap.builder();
    stored.customers().forEach(builder::put);
    return new AllowanceBook(builder.build());
  }

  /** A bucket's snapshot: every customer's grants. */
  public record Stored(Map<String, AllowanceState> customers)
      implements com.reservation.engine.serialization.CborSerializable {
    public Stored {
      customers = customers == null ? Map.of() : Map.copyOf(customers);
    }
  }
}
