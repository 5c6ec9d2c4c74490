package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Loops;
import com.reservation.gatling.support.Recorder;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Bookings spread over {@code -Dslots} (10,000) slots, each for a new customer on a slot drawn from
 * the seed.
 *
 * <p>Open model (default): a constant arrival rate of {@code -Drate} (200) bookings per second for
 * {@code -Dduration} (60 s); it measures latency at a chosen load. Closed model ({@code
 * -Dmodel=closed}, as bench.sh runs it): {@code -Dusers} (64) clients booking as fast as answers
 * come back; it measures capacity.
 */
public class SpreadBooking extends Simulation {
  private final long seed = Settings.seed();
  private final boolean closed = Settings.closedModel(false);
  private final int users = Settings.users(64);
  private final double rate = Settings.rate(200);
  private final Duration warmup = Settings.warmup(0);
  private final Duration duration = Settings.duration(closed ? 20 : 60);
  private final Layout layout =
      Layout.dense(
          Settings.namespace() + "-spread",
          Settings.startDate(),
          Settings.intValue("slots", 10_000),
          Settings.intValue("capacity", 1_000));
  private final Recorder recorder = new Recorder("spread");
  private final Iterator<Map<String, Object>> customers = Feeders.customers(seed, "spread");
  private final Iterator<Map<String, Object>> slotPicks =
      Feeders.picks(seed, "spreadSlot", layout.slots());

  private ChainBuilder attempt(String prefix) {
    return feed(customers)
        .feed(slotPicks)
        .exec(
            session ->
                Requests.clearOutcome(session)
                    .set("slotId", layout.slotId(session.getInt("spreadSlot"))))
        .exec(
            recorder.timed(
                Requests.book(prefix + "book spread slot", Requests.SLOT_FULL), prefix.isEmpty()));
  }

  {
    PopulationBuilder population =
        closed
            ? Loops.warmThenMeasure("spread", warmup, duration, this::attempt)
                .injectOpen(atOnceUsers(users))
            : scenario("spread")
                .exec(attempt(""))
                .injectOpen(constantUsersPerSec(rate).during(duration));
    List<Assertion> assertions = new ArrayList<>(List.of(global().failedRequests().count().is(0L)));
    Settings.p99Ms()
        .ifPresent(p99 -> assertions.add(global().responseTime().percentile(99).lt(p99)));
    setUp(population).protocols(Requests.protocol(true)).assertions(assertions);
  }

  @Override
  public void before() {
    String load =
        closed ? "model=closed users=" + users + " warmup=" + warmup : "model=open rate=" + rate;
    System.out.println(
        Settings.describe(
            "SpreadBooking", load + " duration=" + duration + " slots=" + layout.slots()));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
  }

  @Override
  public void after() {
    recorder.report();
  }
}
