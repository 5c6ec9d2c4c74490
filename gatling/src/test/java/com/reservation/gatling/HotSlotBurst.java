package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A vaccination-site opening: {@code -Dusers} (2,000) people arrive within {@code -Dramp} (3 s) on
 * one slot of {@code -Dcapacity} (100) seats, each booking once. Every answer must be 201 or 409
 * {@code slot-full} (no 5xx); then one check asserts that exactly {@code capacity} bookings were
 * confirmed and that the slot says so itself.
 */
public class HotSlotBurst extends Simulation {
  private final long seed = Settings.seed();
  private final int users = Settings.users(2_000);
  private final Duration ramp = Settings.ramp(3);
  private final int capacity = Settings.intValue("capacity", 100);
  private final Layout layout =
      Layout.dense(Settings.namespace() + "-burst", Settings.startDate(), 1, capacity);
  private final AtomicInteger confirmed = new AtomicInteger();

  private final ScenarioBuilder burst =
      scenario("burst")
          .exec(feed(Feeders.customers(seed, "burst")))
          .exec(session -> session.set("slotId", layout.slotId(0)))
          .exec(Requests.book("book the hot slot", Requests.SLOT_FULL))
          .exec(
              session -> {
                if (session.contains("bookingId")) confirmed.incrementAndGet();
                return session;
              });

  /**
   * Runs once after the burst: the count of 201s, and the slot's own count, must both equal the
   * capacity.
   */
  private final ScenarioBuilder verify =
      scenario("verify")
          .exec(
              http("verify: exactly capacity confirmed")
                  .get("/slots/" + layout.slotId(0))
                  .check(
                      status().is(200),
                      jsonPath("$.booked").ofInt().is(capacity),
                      bodyString().transform(body -> confirmed.get()).is(capacity)));

  {
    List<Assertion> assertions = new ArrayList<>(List.of(global().failedRequests().count().is(0L)));
    Settings.p99Ms()
        .ifPresent(p99 -> assertions.add(global().responseTime().percentile(99).lt(p99)));
    setUp(
            burst
                .injectOpen(rampUsers(users).during(ramp))
                .andThen(verify.injectOpen(atOnceUsers(1))))
        .protocols(Requests.protocol(false))
        .assertions(assertions);
  }

  @Override
  public void before() {
    String limit = Settings.customerLimit().map(String::valueOf).orElse("none");
    System.out.println(
        Settings.describe(
            "HotSlotBurst",
            "customerLimit="
                + limit
                + " users="
                + users
                + " ramp="
                + ramp
                + " capacity="
                + capacity));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
    // -DcustomerLimit=K: every booking then goes through the customer's allowance (the limit's
    // hot-path cost).
    Settings.customerLimit().ifPresent(k -> seeder.limitCustomers(layout, k));
    int booked = seeder.get("/slots/" + layout.slotId(0)).path("booked").asInt(0);
    if (booked > 0) {
      throw new IllegalStateException(
          layout.slotId(0)
              + " already has "
              + booked
              + " bookings (an earlier run with this seed): "
              + "pass another -Dnamespace or use a fresh node");
    }
  }

  @Override
  public void after() {
    System.out.println(
        "HotSlotBurst: "
            + confirmed.get()
            + " confirmed of capacity "
            + capacity
            + " for "
            + users
            + " users");
  }
}
