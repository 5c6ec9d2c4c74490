package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;

import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Loops;
import com.reservation.gatling.support.Recorder;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's hot-slot workload: {@code users} (64) concurrent clients book one slot as fast as it answers, each
 * attempt a new customer; when the slot answers {@code slot-full} everyone moves on to the next fresh slot. Measures
 * bookings per second on a single contended slot. {@code -Dcapacity} (20,000) per slot, {@code -Dslots} (200) slots.
 */
public class HotSlotLoop extends Simulation {
  private final long seed = Settings.seed();
  private final int users = Settings.users(64);
  private final Duration warmup = Settings.warmup(0);
  private final Duration duration = Settings.duration(20);
  private final Layout layout =
      Layout.dense(
          Settings.namespace() + "-hot",
          Settings.startDate(),
          Settings.intValue("slots", 200),
          Settings.intValue("capacity", 20_000));
  /** The slot everyone books now; shared by all users, so they pile onto one slot at a time. */
  private final AtomicInteger current = new AtomicInteger();
  private final Recorder recorder = new Recorder("hot-slot");
  /** One feeder for warm-up and measurement, so no customer comes twice. */
  private final Iterator<Map<String, Object>> customers = Feeders.customers(seed, "hot");

  private ChainBuilder attempt(String prefix) {
    return feed(customers)
        .exec(
            session -> {
              int index = Math.min(current.get(), layout.slots() - 1);
              return Requests.clearOutcome(session).set("slotIndex", index).set("slotId", layout.slotId(index));
            })
        .exec(recorder.timed(Requests.book(prefix + "book hot slot", Requests.SLOT_FULL), prefix.isEmpty()))
        .exec(
            session -> {
              if (Requests.SLOT_FULL.equals(session.getString("problem"))) {
                int index = session.getInt("slotIndex");
                current.compareAndSet(index, index + 1);
              }
              return session;
            });
  }

  {
    setUp(Loops.warmThenMeasure("hot slot", warmup, duration, this::attempt).injectOpen(atOnceUsers(users)))
        .protocols(Requests.protocol(true))
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    String limit = Settings.customerLimit().map(String::valueOf).orElse("none");
    System.out.println(Settings.describe("HotSlotLoop", "customerLimit=" + limit + " users=" + users + " warmup=" + warmup + " duration=" + duration));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
    // -DcustomerLimit=K: every booking then goes through the customer's allowance (the limit's hot-path cost).
    Settings.customerLimit().ifPresent(k -> seeder.limitCustomers(layout, k));
  }

  @Override
  public void after() {
    recorder.report();
    int filled = current.get();
    System.out.println("HotSlotLoop: moved on " + filled + " times over " + layout.slots() + " slots of " + layout.capacity());
    if (filled >= layout.slots() - 1) {
      System.out.println("HotSlotLoop: WARNING the hot slots ran out; raise -Dslots or -Dcapacity");
    }
  }
}
