package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.reservation.gatling.support.Journeys;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The journey of a person at a vaccination site: the calendar of the next two months, a day's
 * timetable, a booking in a slot with seats left, a look at the booking; {@code -DcancelRate} (0.2)
 * of them cancel it. People arrive at {@code -Drate} (20) per second for {@code -Dduration} (60 s);
 * which day and slot they pick, how long they think and whether they cancel all come from the seed.
 * Slots have {@code -Dcapacity} (10) seats, so popular days fill up and a slot seen with seats left
 * may be full by the time of booking (409 {@code slot-full} is an expected answer).
 */
public class BrowseAndBook extends Simulation {
  private static final int DAYS = 61;

  private final long seed = Settings.seed();
  private final double rate = Settings.rate(20);
  private final Duration duration = Settings.duration(60);
  private final double cancelRate = Settings.doubleValue("cancelRate", 0.2);
  private final int thinkMs = Settings.intValue("thinkMs", 1_000);
  private final LocalDate from = Settings.startDate();
  private final Layout site =
      Layout.site(Settings.namespace() + "-site", from, DAYS, Settings.intValue("capacity", 10));

  private final ChainBuilder journey =
      Journeys.browseAndBook(seed, "", site, from, thinkMs, cancelRate, true);

  {
    ScenarioBuilder people = scenario("browse and book").exec(journey);
    List<Assertion> assertions = new ArrayList<>(List.of(global().failedRequests().count().is(0L)));
    Settings.p99Ms()
        .ifPresent(p99 -> assertions.add(global().responseTime().percentile(99).lt(p99)));
    setUp(people.injectOpen(constantUsersPerSec(rate).during(duration)))
        .protocols(Requests.protocol(true))
        .assertions(assertions);
  }

  @Override
  public void before() {
    System.out.println(
        Settings.describe(
            "BrowseAndBook",
            "rate=" + rate + " duration=" + duration + " cancelRate=" + cancelRate));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(site);
    if (!seeder.awaitTimetable(site, Duration.ofSeconds(15))) {
      System.out.println(
          "BrowseAndBook: the read model of " + site.venueId() + " still lags after 15 s");
    }
  }
}
