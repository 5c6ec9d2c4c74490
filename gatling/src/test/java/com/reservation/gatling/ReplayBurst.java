package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.reservation.gatling.support.ArrivalCurve;
import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replays a recorded burst: {@code -Dcurve=burst.csv} (written by {@code reservation-engine
 * export-arrivals}) says how many booking attempts reached which slot in each second; this sends as
 * many (times {@code -Dscale}, default 1) to as many fresh slots of the same capacities, compressed
 * in time by {@code -Dspeed} ({@code 2}: twice as fast, in steps of whole seconds, see {@link
 * ArrivalCurve#steps}). Each attempt is a new customer booking one seat; within a step the attempts
 * are spread evenly and their slots interleaved in the order they came. Targets: {@code -DbaseUrls}
 * (one node or several).
 *
 * <p>OK answers: 201 and 409 ({@code slot-full}, {@code slot-closed}, {@code already-booked}); a
 * 503 counts as failed. The console prints, per slot, how many were confirmed against its capacity.
 */
public class ReplayBurst extends Simulation {
  private final long seed = Settings.seed();
  private final double speed = Settings.doubleValue("speed", 1.0);
  private final double scale = Settings.doubleValue("scale", 1.0);
  private final ArrivalCurve curve =
      ArrivalCurve.read(
          Path.of(
              Objects.requireNonNull(
                  System.getProperty("curve"), "-Dcurve=<export-arrivals CSV> is required")),
          scale,
          Settings.intValue("capacity", 100));
  private final int maxCapacity = curve.capacities().stream().max(Integer::compare).orElse(1);
  private final Layout layout =
      Layout.dense(
          Settings.namespace() + "-replay",
          Settings.startDate(),
          Math.max(1, curve.slots()),
          maxCapacity);
  private final Map<String, LongAdder> confirmed = new ConcurrentHashMap<>();

  private final ScenarioBuilder replay =
      scenario("replay")
          .exec(feed(Feeders.customers(seed, "replay")))
          .exec(feed(slotsInArrivalOrder()))
          .exec(
              Requests.book(
                  "book (replayed arrival)",
                  Requests.SLOT_FULL,
                  "/problems/slot-closed",
                  "/problems/already-booked"))
          .exec(
              session -> {
                if (session.contains("bookingId")) {
                  confirmed
                      .computeIfAbsent(session.getString("slotId"), k -> new LongAdder())
                      .increment();
                }
                return session;
              });

  {
    List<Assertion> assertions = new ArrayList<>();
    Settings.p99Ms()
        .ifPresent(p99 -> assertions.add(global().responseTime().percentile(99).lt(p99)));
    setUp(replay.injectOpen(injection())).protocols(Requests.protocol(true)).assertions(assertions);
  }

  /**
   * The curve's arrivals, compressed by the speed factor, each step's spread evenly over it (or a
   * pause).
   */
  private OpenInjectionStep[] injection() {
    List<OpenInjectionStep> steps = new ArrayList<>();
    for (ArrivalCurve.Step step : curve.steps(speed)) {
      steps.add(
          step.users() == 0
              ? nothingFor(step.duration())
              : rampUsers(step.users()).during(step.duration()));
    }
    if (steps.isEmpty()) throw new IllegalStateException("the curve holds no arrivals");
    return steps.toArray(OpenInjectionStep[]::new);
  }

  /** The slot of each arrival, in the order the users start. */
  private Iterator<Map<String, Object>> slotsInArrivalOrder() {
    Iterator<Integer> slots = curve.arrivalsPerSecond().stream().flatMap(List::stream).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public synchronized Map<String, Object> next() {
        return Map.of("slotId", layout.slotId(slots.hasNext() ? slots.next() : 0));
      }
    };
  }

  @Override
  public void before() {
    System.out.println(
        Settings.describe(
            "ReplayBurst",
            "curve="
                + System.getProperty("curve")
                + " speed="
                + speed
                + " scale="
                + scale
                + " slots="
                + curve.slots()
                + " arrivals="
                + curve.totalArrivals()
                + " over "
                + curve.arrivalsPerSecond().size()
                + " recorded s"));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
    for (int i = 0; i < curve.slots(); i++) {
      int capacity = curve.capacities().get(i);
      if (capacity != maxCapacity) seeder.capacity(layout.slotId(i), capacity);
    }
  }

  @Override
  public void after() {
    for (int i = 0; i < curve.slots(); i++) {
      String slotId = layout.slotId(i);
      LongAdder count = confirmed.get(slotId);
      System.out.println(
          "ReplayBurst: slot "
              + i
              + " ("
              + slotId
              + ") confirmed "
              + (count == null ? 0 : count.sum())
              + " of capacity "
              + curve.capacities().get(i));
    }
  }
}
