package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * Bookings for new customers on slots drawn from 10,000 (from the seed). Counts confirmed bookings
 * (201).
 */
public final class Spread implements Workload {
  private final Layout layout;
  private final String[] urls;
  private final Picks slots;
  private final Picks.Customers customers;

  public Spread(Target target, Layout layout, long seed) {
    this.layout = layout;
    this.urls = new String[layout.slots()];
    for (int i = 0; i < urls.length; i++)
      urls[i] = target.url() + "/slots/" + layout.slotId(i) + "/bookings";
    this.slots = new Picks(seed, "spread-slot");
    this.customers = new Picks.Customers(seed, "spread");
  }

  @Override
  public String name() {
    return "spread";
  }

  @Override
  public String unit() {
    return "bookings/s";
  }

  @Override
  public void prepare(Seeder seeder) {
    seeder.define(layout);
  }

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(
        Calls.post(
            phase,
            "spread",
            session -> urls[slots.next(urls.length)],
            session -> customers.nextBody()));
  }

  @Override
  public Verdict judge(int status, String problem) {
    if (status == 201) return Verdict.COUNTED;
    return status == 409 && "slot-full".equals(problem) ? Verdict.OK : Verdict.KO;
  }
}
