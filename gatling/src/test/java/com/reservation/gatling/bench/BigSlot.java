package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * One slot of 100,000 seats booked from empty to past {@code held} bookings by every user, one new
 * customer per attempt: the controller times a window of bookings near the start (the empty slot)
 * and one past {@code held} (the big slot). Its layout also has two small slots with a few bookings
 * each, which {@code bench.sh} uses after a restart to time the first read of a small slot against
 * that of the big one (the recovery).
 */
public final class BigSlot implements Workload {
  private static final int SMALL_BOOKINGS = 10;

  private final Layout layout;
  private final String url;
  private final Picks.Customers customers;

  public BigSlot(Target target, Layout layout, long seed) {
    if (layout.slots() < 3 || layout.capacity() < 100_000) {
      throw new IllegalArgumentException("big-slot needs three slots of 100,000 seats");
    }
    this.layout = layout;
    this.url = target.url() + "/slots/" + bigSlot() + "/bookings";
    this.customers = new Picks.Customers(seed, "big");
  }

  /** The slot that is filled. */
  public String bigSlot() {
    return layout.slotId(0);
  }

  /**
   * A slot with {@value #SMALL_BOOKINGS} bookings, read right before the big one after a restart.
   */
  public String smallSlot() {
    return layout.slotId(1);
  }

  /**
   * Another small slot, read first after a restart so that the timed reads do not pay the node's
   * first request.
   */
  public String firstSlot() {
    return layout.slotId(2);
  }

  @Override
  public String name() {
    return "big-slot";
  }

  @Override
  public String unit() {
    return "bookings/s";
  }

  @Override
  public void prepare(Seeder seeder) {
    seeder.define(layout);
    for (String slot : new String[] {smallSlot(), firstSlot()}) {
      for (int i = 0; i < SMALL_BOOKINGS; i++) {
        int status = seeder.book(slot, "small-" + i);
        if (status != 201 && status != 409)
          throw new IllegalStateException("could not book " + slot + ": " + status);
      }
    }
  }

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(Calls.post(phase, "big-slot", session -> url, session -> customers.nextBody()));
  }

  @Override
  public Verdict judge(int status, String problem) {
    return status == 201 ? Verdict.COUNTED : Verdict.KO;
  }
}
