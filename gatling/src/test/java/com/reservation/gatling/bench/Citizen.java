package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The burst we exist for: one appointment per person over a month of slots. A venue with {@code
 * maxActiveBookingsPerCustomer} 1 and {@code days} days of 48 ten-minute slots (09:00 to 17:00;
 * 1,440 slots for 30 days) of {@code capacity} seats each; every attempt is a new person (a unique
 * customer id, with a name and a phone number) who picks a day and a time with a realistic skew: a
 * Zipf-like preference for early days ({@link #DAY_EXPONENT}) and for mornings ({@link
 * #TIME_EXPONENT}), from the seed. Counts confirmed bookings (201); {@code slot-full} is an
 * expected answer (a popular slot may fill), anything else (a {@code customer-limit-reached} for
 * people who are all new) is KO.
 */
public final class Citizen implements Workload {
  /** How strongly people prefer the first days: day d is wanted in proportion to 1/(d+1)^0.8. */
  public static final double DAY_EXPONENT = 0.8;

  /** How strongly they prefer mornings: time slot t of a day in proportion to 1/(t+1)^0.5. */
  public static final double TIME_EXPONENT = 0.5;

  private final Layout layout;
  private final String[] urls;
  private final Zipf days;
  private final Zipf times;
  private final People people;

  public Citizen(Target target, Layout layout, long seed) {
    this.layout = layout;
    this.urls = new String[layout.slots()];
    for (int i = 0; i < urls.length; i++)
      urls[i] = target.url() + "/slots/" + layout.slotId(i) + "/bookings";
    this.days = new Zipf(seed, "citizen-day", layout.days(), DAY_EXPONENT);
    this.times = new Zipf(seed, "citizen-time", layout.slotsPerDay(), TIME_EXPONENT);
    this.people = new People(seed);
  }

  /**
   * The share of all attempts that the most wanted slot (first day, first time) gets: what decides
   * whether a capacity lasts a phase.
   */
  public double hottestShare() {
    return days.probability(0) * times.probability(0);
  }

  /** The next slot's index in the layout. */
  int nextSlot() {
    return days.next() * layout.slotsPerDay() + times.next();
  }

  @Override
  public String name() {
    return "citizen";
  }

  @Override
  public String unit() {
    return "bookings/s";
  }

  @Override
  public void prepare(Seeder seeder) {
    seeder.define(layout);
    seeder.limitCustomers(layout, 1);
  }

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(
        Calls.post(phase, "citizen", session -> urls[nextSlot()], session -> people.nextBody()));
  }

  @Override
  public Verdict judge(int status, String problem) {
    if (status == 201) return Verdict.COUNTED;
    return status == 409 && "slot-full".equals(problem) ? Verdict.OK : Verdict.KO;
  }

  /** Booking bodies of new people: {@code citizen-<seed>-<n>}, a name and a phone number each. */
  static final class People {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    People(long seed) {
      this.prefix = "{\"customerId\":\"citizen-" + Long.toString(Math.abs(seed), 36) + "-";
    }

    String nextBody() {
      long n = next.getAndIncrement();
      String digits = Long.toString(10_000_000L + n % 90_000_000L);
      return prefix
          + n
          + "\",\"seats\":1,\"contact\":{\"name\":\"Citizen "
          + n
          + "\",\"phone\":\"01"
          + digits
          + "\"}}";
    }
  }
}
