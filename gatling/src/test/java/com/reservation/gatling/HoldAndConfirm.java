package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.HoldRequests;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ticket drop with a checkout: {@code -Dusers} (400) people arrive within {@code -Dramp} (5 s) on
 * {@code -Dslots} (4) slots of {@code -Dcapacity} (40) seats and hold a seat for {@code
 * -DttlSeconds} (30, the contract's minimum). {@code -DconfirmRate} (0.8) of them confirm; the
 * others let their hold expire and check, after it, that it did. Those who find the slot full join
 * its waitlist and look at their entry every second: when offered the freed seats (from expired
 * holds, or offers declined before them) they confirm the offer or, at the same rate, decline it,
 * which passes it on. Every choice comes from the seed.
 *
 * <p>Asserted: no failed request (every answer is one the contract allows at that point: a confirm
 * of a live hold is 201, an expired hold reads EXPIRED 1.5 s after its expiresAt, an offer
 * confirms); then, per slot, the slot's own {@code booked} equals the confirmations counted here
 * and booked + held never exceeds the capacity; and the waitlist both filled and drained (offers
 * were made and confirmed).
 */
public class HoldAndConfirm extends Simulation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final long seed = Settings.seed();
  private final int users = Settings.users(400);
  private final Duration ramp = Settings.ramp(5);
  private final int ttlSeconds = Settings.intValue("ttlSeconds", 30);
  private final double confirmRate = Settings.doubleValue("confirmRate", 0.8);
  private final Layout layout =
      Layout.dense(
          Settings.namespace() + "-holds",
          Settings.startDate(),
          Settings.intValue("slots", 4),
          Settings.intValue("capacity", 40));

  /** How long a waiting customer keeps looking for an offer. */
  private final Duration patience = Duration.ofSeconds(ttlSeconds + 30L);

  private final Map<String, AtomicInteger> confirmedPerSlot = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger expired = new AtomicInteger();
  private final AtomicInteger joined = new AtomicInteger();
  private final AtomicInteger offered = new AtomicInteger();
  private final AtomicInteger offersConfirmed = new AtomicInteger();
  private final AtomicInteger offersDeclined = new AtomicInteger();
  private final AtomicInteger gaveUp = new AtomicInteger();

  private ChainBuilder count(AtomicInteger counter) {
    return exec(
        session -> {
          counter.incrementAndGet();
          return session;
        });
  }

  private ChainBuilder confirmed() {
    return exec(
        session -> {
          confirmedPerSlot
              .computeIfAbsent(session.getString("slotId"), s -> new AtomicInteger())
              .incrementAndGet();
          return session;
        });
  }

  private static Duration untilAfter(Session session, String instantKey, Duration after) {
    Duration left =
        Duration.between(Instant.now(), Instant.parse(session.getString(instantKey))).plus(after);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private final ChainBuilder withHold =
      count(held)
          .doIfOrElse(session -> session.getBoolean("confirm"))
          .then(
              pause(session -> session.<Duration>get("think"))
                  .exec(HoldRequests.confirm("confirm hold", "holdId"))
                  .exec(confirmed()))
          .orElse(
              // Let it expire, then see that it did: its seats are back within 1 s of expiresAt
              // (checked at 1.5 s).
              pause(session -> untilAfter(session, "expiresAt", Duration.ofMillis(1500)))
                  .exec(HoldRequests.expectExpired("expired hold"))
                  .exec(count(expired)));

  private final ChainBuilder waiting =
      exec(HoldRequests.join("join waitlist"))
          .doIf(session -> session.contains("entryId"))
          .then(
              count(joined)
                  .exec(session -> session.set("entryStatus", "WAITING"))
                  .exec(
                      asLongAsDuring(
                              session -> "WAITING".equals(session.getString("entryStatus")),
                              patience)
                          .on(
                              pause(Duration.ofSeconds(1))
                                  .exec(HoldRequests.entry("waitlist entry"))))
                  .doIf(session -> "OFFERED".equals(session.getString("entryStatus")))
                  .then(
                      count(offered)
                          .doIfOrElse(session -> session.getBoolean("confirm"))
                          .then(
                              exec(HoldRequests.confirm("confirm offer", "offerId"))
                                  .exec(confirmed())
                                  .exec(count(offersConfirmed)))
                          .orElse(
                              exec(HoldRequests.leave("decline offer"))
                                  .exec(count(offersDeclined))))
                  .doIf(session -> "WAITING".equals(session.getString("entryStatus")))
                  .then(exec(HoldRequests.leave("give up waiting")).exec(count(gaveUp))));

  private final ScenarioBuilder drop =
      scenario("hold and confirm")
          .exec(feed(Feeders.customers(seed, "holder")))
          .feed(
              Feeders.generated(
                  seed,
                  "hold-choices",
                  (random, n) ->
                      Map.of(
                          "slotIndex", random.nextInt(layout.slots()),
                          "confirm", random.nextDouble() < confirmRate,
                          "think", Duration.ofMillis(200 + random.nextInt(1_800)))))
          .exec(session -> session.set("slotId", layout.slotId(session.getInt("slotIndex"))))
          .exec(HoldRequests.hold("hold", ttlSeconds))
          .doIfOrElse(session -> session.contains("holdId"))
          .then(withHold)
          .orElse(waiting);

  /**
   * After everyone: each slot holds exactly the confirmations counted here, and the waitlist was
   * used both ways.
   */
  private final ScenarioBuilder verify =
      scenario("verify")
          .exec(
              repeat(layout.slots(), "i")
                  .on(
                      exec(session -> session.set("slotId", layout.slotId(session.getInt("i"))))
                          .exec(
                              http("verify: booked = confirmed, booked + held <= capacity")
                                  .get("/slots/#{slotId}")
                                  .check(
                                      status().is(200),
                                      jsonPath("$.booked")
                                          .ofInt()
                                          .is(session -> confirmedOn(session.getString("slotId"))),
                                      bodyString().transform(this::withinCapacity).is(true)))))
          .exec(
              http("verify: the waitlist filled and drained")
                  .get("/health/live")
                  .check(
                      bodyString()
                          .transform(body -> joined.get() > 0 && offersConfirmed.get() > 0)
                          .is(true)));

  /** booked + held of a slot's JSON never exceeds the capacity. */
  private boolean withinCapacity(String slotJson) {
    try {
      JsonNode slot = JSON.readTree(slotJson);
      return slot.path("booked").asInt() + slot.path("held").asInt()
          <= slot.path("capacity").asInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int confirmedOn(String slotId) {
    AtomicInteger count = confirmedPerSlot.get(slotId);
    return count == null ? 0 : count.get();
  }

  {
    setUp(drop.injectOpen(rampUsers(users).during(ramp)).andThen(verify.injectOpen(atOnceUsers(1))))
        .protocols(Requests.protocol(true))
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    System.out.println(
        Settings.describe(
            "HoldAndConfirm",
            "users="
                + users
                + " ramp="
                + ramp
                + " slots="
                + layout.slots()
                + " capacity="
                + layout.capacity()
                + " ttlSeconds="
                + ttlSeconds
                + " confirmRate="
                + confirmRate));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
    for (int i = 0; i < layout.slots(); i++) {
      if (seeder.get("/slots/" + layout.slotId(i)).path("available").asInt(0)
          != layout.capacity()) {
        throw new IllegalStateException(
            layout.slotId(i)
                + " is not fresh (an earlier run with this seed): pass another -Dnamespace or use a fresh node");
      }
    }
  }

  @Override
  public void after() {
    int confirmed = confirmedPerSlot.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.printf(
        "HoldAndConfirm: %d held, %d confirmed (%d of them offers), %d expired, %d joined the waitlist,"
            + " %d offered, %d offers declined, %d gave up waiting%n",
        held.get(),
        confirmed,
        offersConfirmed.get(),
        expired.get(),
        joined.get(),
        offered.get(),
        offersDeclined.get(),
        gaveUp.get());
  }
}
