package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Map;

/**
 * The CI smoke run (a few seconds, a few users): readiness, a calendar, a timetable, one booking
 * each, and the booking looked up. Every request must succeed. {@code -Drate} (2 users per second)
 * for {@code -Dduration} (5 s).
 */
public class Smoke extends Simulation {
  private static final int DAYS = 3;

  private final long seed = Settings.seed();
  private final double rate = Settings.rate(2);
  private final Duration duration = Settings.duration(5);
  private final Layout site =
      Layout.site(Settings.namespace() + "-smoke", Settings.startDate(), DAYS, 100);

  {
    setUp(
            scenario("smoke")
                .exec(feed(Feeders.customers(seed, "smoke")))
                .feed(
                    Feeders.generated(
                        seed,
                        "smokeSlot",
                        (random, n) ->
                            Map.of(
                                "venueId", site.venueId(),
                                "day", site.day(random.nextInt(DAYS)).toString(),
                                "slotId", site.slotId(random.nextInt(site.slots())))))
                .exec(http("ready").get("/health/ready").check(status().is(200)))
                .exec(Requests.calendar("calendar", site.from(), site.to()))
                .exec(Requests.timetable("timetable"))
                .exec(Requests.book("book"))
                .exec(Requests.lookUp("look up booking", "CONFIRMED"))
                .injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(Requests.protocol(true))
        .assertions(
            global().failedRequests().count().is(0L), global().successfulRequests().count().gt(0L));
  }

  @Override
  public void before() {
    System.out.println(Settings.describe("Smoke", "rate=" + rate + " duration=" + duration));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(site);
    if (!seeder.awaitTimetable(site, Duration.ofSeconds(15))) {
      throw new IllegalStateException(
          "the timetable of " + site.venueId() + " does not show its slots after 15 s");
    }
  }
}
