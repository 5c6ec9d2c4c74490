package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * Booking attempts on a slot of one seat that is already taken: every answer must be 409 {@code
 * slot-full}. Counts those rejections.
 */
public final class FullSlot implements Workload {
  private final Layout layout;
  private final String url;
  private final Picks.Customers customers;

  public FullSlot(Target target, Layout layout, long seed) {
    this.layout = layout;
    this.url = target.url() + "/slots/" + layout.slotId(0) + "/bookings";
    this.customers = new Picks.Customers(seed, "full");
  }

  @Override
  public String name() {
    return "full-slot";
  }

  @Override
  public String unit() {
    return "rejections/s";
  }

  @Override
  public void prepare(Seeder seeder) {
    seeder.define(layout);
    int status = seeder.book(layout.slotId(0), "filler-" + layout.venueId());
    if (status != 201 && status != 409) {
      throw new IllegalStateException("could not fill " + layout.slotId(0) + ": " + status);
    }
  }

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(Calls.post(phase, "full-slot", session -> url, session -> customers.nextBody()));
  }

  @Override
  public Verdict judge(int status, String problem) {
    return status == 409 && "slot-full".equals(problem) ? Verdict.COUNTED : Verdict.KO;
  }
}
