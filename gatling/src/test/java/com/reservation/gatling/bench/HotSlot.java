package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import io.gatling.http.client.Request;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every user books the same slot, each attempt a new customer; when the slot answers {@code
 * slot-full}, everyone moves on to the next one. Slots are big (100,000 seats by default) so that a
 * fast engine spends its time booking, not starting fresh slots. Counts confirmed bookings (201).
 */
public final class HotSlot implements Workload {
  private final String name;
  private final Layout layout;
  private final String[] urls;
  private final Map<String, Integer> indexOfPath = new HashMap<>();
  private final AtomicInteger current = new AtomicInteger();
  private final Picks.Customers customers;

  /** The venue's maxActiveBookingsPerCustomer, or 0 for none. */
  private final int customerLimit;

  /**
   * @param name the workload's name in reports; the big-slot warm-up uses this class under its own
   *     name
   */
  public HotSlot(String name, Target target, Layout layout, long seed) {
    this(name, target, layout, seed, 0);
  }

  /**
   * @param customerLimit when above 0, the venue limits each customer's active bookings to it, so
   *     every booking goes through the customer's allowance (each attempt is a new customer: the
   *     limit is never reached, its cost shows)
   */
  public HotSlot(String name, Target target, Layout layout, long seed, int customerLimit) {
    this.customerLimit = customerLimit;
    this.name = name;
    this.layout = layout;
    this.urls = new String[layout.slots()];
    for (int i = 0; i < urls.length; i++) {
      String path = "/slots/" + layout.slotId(i) + "/bookings";
      urls[i] = target.url() + path;
      indexOfPath.put(path, i);
    }
    this.customers = new Picks.Customers(seed, name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String unit() {
    return "bookings/s";
  }

  @Override
  public void prepare(Seeder seeder) {
    seeder.define(layout);
    if (customerLimit > 0) seeder.limitCustomers(layout, customerLimit);
  }

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(
        Calls.post(
            phase,
            name,
            session -> urls[Math.min(current.get(), urls.length - 1)],
            session -> customers.nextBody()));
  }

  @Override
  public Verdict judge(int status, String problem) {
    if (status == 201) return Verdict.COUNTED;
    return status == 409 && "slot-full".equals(problem) ? Verdict.OK : Verdict.KO;
  }

  @Override
  public void observe(Request request, int status, String problem) {
    if (status != 409 || !"slot-full".equals(problem)) return;
    // Only the first slot-full of the current slot moves everyone on; late answers about an older
    // slot do not.
    Integer index = indexOfPath.get(request.getUri().getPath());
    if (index != null) current.compareAndSet(index, index + 1);
  }

  /**
   * Everyone moves to a fresh slot as the measured window starts: every run then measures the same
   * stretch of a slot's life (from its first booking on), wherever the warm-up left the previous
   * slot. A slot's cost can grow with the bookings it holds, so this keeps runs comparable.
   */
  @Override
  public void measuring() {
    current.updateAndGet(index -> Math.min(index + 1, urls.length - 1));
  }

  /**
   * How many slots were booked (filled, or left as the measured window started, and the current
   * one).
   */
  public int used() {
    return current.get() + 1;
  }

  public int slots() {
    return urls.length;
  }
}
