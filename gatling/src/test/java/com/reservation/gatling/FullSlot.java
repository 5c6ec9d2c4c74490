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

/**
 * The benchmark's full-slot workload: {@code users} (64) concurrent clients keep trying to book a slot of capacity 1
 * that is already booked; every answer must be 409 {@code slot-full}. Measures rejections per second.
 */
public class FullSlot extends Simulation {
  private final long seed = Settings.seed();
  private final int users = Settings.users(64);
  private final Duration warmup = Settings.warmup(0);
  private final Duration duration = Settings.duration(20);
  private final Layout layout = Layout.dense(Settings.namespace() + "-full", Settings.startDate(), 1, 1);
  private final Recorder recorder = new Recorder("full-slot");
  private final Iterator<Map<String, Object>> customers = Feeders.customers(seed, "full");

  private ChainBuilder attempt(String prefix) {
    return feed(customers)
        .exec(session -> Requests.clearOutcome(session).set("slotId", layout.slotId(0)))
        .exec(recorder.timed(Requests.bookFull(prefix + "book full slot"), prefix.isEmpty()));
  }

  {
    setUp(Loops.warmThenMeasure("full slot", warmup, duration, this::attempt).injectOpen(atOnceUsers(users)))
        .protocols(Requests.protocol(true))
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    System.out.println(Settings.describe("FullSlot", "users=" + users + " warmup=" + warmup + " duration=" + duration));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
    int status = seeder.book(layout.slotId(0), "filler-" + Settings.namespace());
    if (status != 201 && status != 409) {
      throw new IllegalStateException("could not fill " + layout.slotId(0) + ": " + status);
    }
  }

  @Override
  public void after() {
    recorder.report();
  }
}
