package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Read-only: the calendar of the next two months of a venue, then the timetable of one of its days,
 * over {@code -Dvenues} (4) vaccination sites, venue and day drawn from the seed.
 *
 * <p>Open model (default): a burst of {@code -Dusers} (5,000) people arriving within {@code -Dramp}
 * (10 s), each looking once. Closed model ({@code -Dmodel=closed}, as bench.sh runs it): {@code
 * -Dusers} (64) clients reading as fast as answers come back for {@code -Dduration}.
 */
public class CalendarStorm extends Simulation {
  private static final int DAYS = 61;

  private final long seed = Settings.seed();
  private final boolean closed = Settings.closedModel(false);
  private final int users = Settings.users(closed ? 64 : 5_000);
  private final Duration ramp = Settings.ramp(10);
  private final Duration warmup = Settings.warmup(0);
  private final Duration duration = Settings.duration(20);
  private final LocalDate from = Settings.startDate();
  private final List<Layout> venues = new ArrayList<>();
  private final Recorder recorder = new Recorder("calendar");
  private final Iterator<Map<String, Object>> picks =
      Feeders.generated(
          seed,
          "calendar",
          (random, n) ->
              Map.of(
                  "venueId", venues.get(random.nextInt(venues.size())).venueId(),
                  "day", from.plusDays(random.nextInt(DAYS)).toString()));

  {
    for (int i = 0; i < Settings.intValue("venues", 4); i++) {
      venues.add(Layout.site(Settings.namespace() + "-cal-" + i, from, DAYS, 50));
    }
  }

  private ChainBuilder look(String prefix) {
    return feed(picks)
        .exec(Requests::clearOutcome)
        .exec(
            recorder.timed(
                Requests.calendar(prefix + "calendar", from, from.plusDays(DAYS - 1)),
                prefix.isEmpty()))
        .exec(recorder.timed(Requests.timetable(prefix + "timetable"), prefix.isEmpty()));
  }

  {
    PopulationBuilder population =
        closed
            ? Loops.warmThenMeasure("calendar", warmup, duration, this::look)
                .injectOpen(atOnceUsers(users))
            : scenario("calendar").exec(look("")).injectOpen(rampUsers(users).during(ramp));
    List<Assertion> assertions = new ArrayList<>(List.of(global().failedRequests().count().is(0L)));
    Settings.p99Ms()
        .ifPresent(p99 -> assertions.add(global().responseTime().percentile(99).lt(p99)));
    setUp(population).protocols(Requests.protocol(true)).assertions(assertions);
  }

  @Override
  public void before() {
    String load =
        closed
            ? "model=closed users=" + users + " warmup=" + warmup + " duration=" + duration
            : "model=open users=" + users + " ramp=" + ramp;
    System.out.println(Settings.describe("CalendarStorm", load + " venues=" + venues.size()));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    for (Layout venue : venues) seeder.define(venue);
    for (Layout venue : venues) {
      if (!seeder.awaitTimetable(venue, Duration.ofSeconds(15))) {
        System.out.println(
            "CalendarStorm: the read model of " + venue.venueId() + " still lags after 15 s");
      }
    }
  }

  @Override
  public void after() {
    recorder.report();
  }
}
