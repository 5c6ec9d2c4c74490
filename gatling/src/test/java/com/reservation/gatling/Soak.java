package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.HoldRequests;
import com.reservation.gatling.support.Journeys;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * The soak (gatling/soak.sh): steady mixed load for {@code -Dduration} seconds. People browse the
 * calendar and a day's timetable, book one of its open slots (with contact data), look the booking
 * up and cancel {@code -DcancelRate} (0.3) of them; holders (a quarter of the people's rate) hold a
 * seat for 30 s and release half of their holds, the others expire. {@code -Drate} (10 people per
 * second). Every answer must be one the contract allows (slot-full and already-booked are; a 5xx is
 * not). The script around it samples heap, live slots and latency every minute.
 */
public class Soak extends Simulation {
  private static final int DAYS = 14;

  private final long seed = Settings.seed();
  private final double rate = Settings.rate(10);
  private final Duration duration = Settings.duration(600);
  private final double cancelRate = Settings.doubleValue("cancelRate", 0.3);
  private final int thinkMs = Settings.intValue("thinkMs", 500);
  private final LocalDate from = Settings.startDate();
  private final Layout site =
      Layout.site(Settings.namespace() + "-soak", from, DAYS, Settings.intValue("capacity", 50));

  private final ChainBuilder person =
      Journeys.browseAndBook(seed, "soak-", site, from, thinkMs, cancelRate, false);

  private final ChainBuilder holder =
      exec(feed(Feeders.customers(seed, "soak-holder")))
          .feed(
              Feeders.generated(
                  seed,
                  "soak-hold",
                  (random, n) ->
                      Map.of(
                          "slotId", site.slotId(random.nextInt(site.slots())),
                          "release", random.nextBoolean(),
                          "think", Duration.ofMillis(thinkMs / 2 + random.nextInt(thinkMs + 1)))))
          .exec(HoldRequests.hold("hold", 30))
          .doIf(session -> session.contains("holdId") && session.getBoolean("release"))
          .then(
              pause(session -> session.<Duration>get("think"))
                  .exec(
                      http("release hold")
                          .delete("/slots/#{slotId}/holds/#{holdId}")
                          .check(
                              status().is(200), jsonPath("$.status").in("RELEASED", "EXPIRED"))));

  {
    setUp(
            scenario("people").exec(person).injectOpen(constantUsersPerSec(rate).during(duration)),
            scenario("holders")
                .exec(holder)
                .injectOpen(constantUsersPerSec(rate / 4).during(duration)))
        .protocols(Requests.protocol(true))
        .assertions(
            global().failedRequests().count().is(0L), global().successfulRequests().count().gt(0L));
  }

  @Override
  public void before() {
    System.out.println(
        Settings.describe(
            "Soak", "rate=" + rate + " duration=" + duration + " cancelRate=" + cancelRate));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(site);
    if (!seeder.awaitTimetable(site, Duration.ofSeconds(15))) {
      System.out.println("Soak: the read model of " + site.venueId() + " still lags after 15 s");
    }
  }
}
