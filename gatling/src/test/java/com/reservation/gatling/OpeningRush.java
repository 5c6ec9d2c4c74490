package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.reservation.gatling.rush.Arrivals;
import com.reservation.gatling.rush.CostMeter;
import com.reservation.gatling.rush.CpuReading;
import com.reservation.gatling.rush.Outcomes;
import com.reservation.gatling.rush.RoomWatch;
import com.reservation.gatling.rush.RushConfig;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The moment a venue opens (issue 20): a waiting room is configured to open a third of the way into
 * the arrival window ({@code -Dwindow}, 60 s), {@code -Darrivals} (50,000) people arrive evenly
 * over that window, each joins the line ({@code POST .../waiting-room/tickets}), polls the ticket
 * every {@code -DpollSeconds} (5) until it is admitted, then books one seat of one of the venue's
 * 200 slots (enough seats for everyone) with its {@code Admission} token. The room admits {@code
 * -DadmitPerMinute} (10,000), tokens live {@code -DadmissionTtlSeconds} (600).
 *
 * <p>Before the rush, unless {@code -DcostSeconds=0}, two cost phases on another venue's room
 * (opened, admitting one person a minute, so its tickets stay {@code WAITING}): {@code -DcostUsers}
 * (32) clients that only join, then the same that only poll those tickets, each with a warm-up and
 * a measured window in which the node's and PostgreSQL's CPU are read: CPU per join and per poll.
 *
 * <p>It asserts nothing itself: it writes what it saw to {@code -DresultDir} ({@code arrivals.csv},
 * {@code outcomes.json}, {@code cost.json}, {@code room.csv}, {@code run.json}) and {@code
 * gatling/opening_rush_report.py} judges (no 5xx, nothing unanswered, everyone admitted booked) and
 * computes the figures. Bounded: nobody polls past {@code -DrushMaxSeconds} after the rush began,
 * and the whole run past {@link RushConfig#maxSeconds()}.
 */
public class OpeningRush extends Simulation {
  private static final int SLOTS = 200;

  private final RushConfig config = RushConfig.fromSystemProperties();
  private final String ns = Settings.namespace();
  private final Layout venue =
      Layout.dense(ns + "-rush", Settings.startDate(), SLOTS, config.seatsPerSlot(SLOTS));
  private final Layout costVenue = Layout.dense(ns + "-rushcost", Settings.startDate(), 1, 1);
  private final String customerPrefix = ns + "-rush-";
  private final Seeder seeder = Seeder.fromSettings();
  private final Arrivals arrivals = new Arrivals(config.arrivals());
  private final Outcomes outcomes = new Outcomes();
  private final AtomicInteger nextArrival = new AtomicInteger();
  private final AtomicInteger nextCostCustomer = new AtomicInteger();
  private final List<String> costTickets = new ArrayList<>();
  private final CostMeter joinCost =
      new CostMeter(
          "join",
          config.costWarmupSeconds(),
          config.costSeconds(),
          config.enginePid(),
          config.postgresPid());
  private final CostMeter pollCost =
      new CostMeter(
          "poll",
          config.costWarmupSeconds(),
          config.costSeconds(),
          config.enginePid(),
          config.postgresPid());
  private final RoomWatch watch =
      new RoomWatch(
          seeder,
          venue.venueId(),
          () ->
              "joined="
                  + arrivals.joinedCount()
                  + " admitted="
                  + arrivals.admittedCount()
                  + " booked="
                  + arrivals.bookedCount()
                  + " requests="
                  + outcomes.total(),
          config.enginePid(),
          () -> this.rushDeadlineMs = System.currentTimeMillis());
  private volatile String[] pollable = new String[0];
  private volatile long rushBeganMs;
  private volatile long opensAtMs;
  private volatile long prequeueFromMs;
  private volatile long rushDeadlineMs = Long.MAX_VALUE;
  private volatile CpuReading rushCpu;
  private volatile long requestsBeforeRush;

  // ---------------------------------------------------------------- the cost phases

  private final ScenarioBuilder costJoins =
      scenario("cost: joins only")
          .exec(
              session ->
                  session.set("customerId", ns + "-cost-" + nextCostCustomer.getAndIncrement()))
          .exec(
              outcomes.counted(
                  "cost join",
                  http("cost join")
                      .post(ticketsPath(costVenue))
                      .body(StringBody("{\"customerId\":\"#{customerId}\"}"))
                      .check(
                          status().saveAs(Outcomes.HTTP_STATUS),
                          status().in(200, 201),
                          jsonPath("$.ticketId").saveAs("ticketId"))))
          .exec(
              session -> {
                joinCost.answered();
                if (session.contains("ticketId")) {
                  synchronized (costTickets) {
                    costTickets.add(session.getString("ticketId"));
                  }
                }
                return session;
              });

  private final ScenarioBuilder costPolls =
      scenario("cost: polls only")
          .exec(session -> session.set("ticketId", anyCostTicket()))
          .doIf(session -> session.getString("ticketId") != null)
          .then(
              outcomes
                  .counted(
                      "cost poll",
                      http("cost poll")
                          .get(ticketsPath(costVenue) + "/#{ticketId}")
                          .check(status().saveAs(Outcomes.HTTP_STATUS), status().is(200)))
                  .exec(
                      session -> {
                        pollCost.answered();
                        return session;
                      }));

  // ---------------------------------------------------------------- the rush

  /** Removes the cost room and puts the rush's room (see {@link #open}). */
  private final ScenarioBuilder opening =
      scenario("opening")
          .exec(
              session -> {
                open();
                return session;
              });

  private final ChainBuilder poll =
      pause(Duration.ofSeconds(config.pollSeconds()))
          .exec(
              outcomes.counted(
                  "poll",
                  http("poll")
                      .get(ticketsPath(venue) + "/#{ticketId}")
                      .check(
                          status().saveAs(Outcomes.HTTP_STATUS),
                          status().is(200),
                          jsonPath("$.state").saveAs("state"),
                          jsonPath("$.admission").optional().saveAs("admission"),
                          jsonPath("$.admissionExpiresAt")
                              .optional()
                              .saveAs("admissionExpiresAt"))))
          .exec(
              session -> {
                arrivals.polled(session.getInt("i"), session.getString("state"));
                return session;
              });

  private final ChainBuilder book =
      exec(this::admitted)
          .exec(
              outcomes.counted(
                  "book",
                  http("book")
                      .post("/slots/#{slotId}/bookings")
                      .header("Admission", "#{admission}")
                      .body(StringBody("{\"customerId\":\"#{customerId}\",\"seats\":1}"))
                      .check(status().saveAs(Outcomes.HTTP_STATUS), status().is(201))))
          .exec(
              session -> {
                arrivals.booked(session.getInt("i"), Outcomes.statusCode(session));
                return session;
              });

  private final ScenarioBuilder rush =
      scenario("rush")
          .exec(this::arrive)
          .exec(
              outcomes.counted(
                  "join",
                  http("join")
                      .post(ticketsPath(venue))
                      .body(StringBody("{\"customerId\":\"#{customerId}\"}"))
                      .check(
                          status().saveAs(Outcomes.HTTP_STATUS),
                          status().in(200, 201),
                          jsonPath("$.ticketId").saveAs("ticketId"),
                          jsonPath("$.state").saveAs("state"),
                          jsonPath("$.admission").optional().saveAs("admission"),
                          jsonPath("$.admissionExpiresAt")
                              .optional()
                              .saveAs("admissionExpiresAt"))))
          .exec(
              session -> {
                String state = session.contains("ticketId") ? session.getString("state") : null;
                arrivals.joined(
                    session.getInt("i"),
                    System.currentTimeMillis(),
                    Outcomes.statusCode(session),
                    state);
                return session;
              })
          .asLongAs(this::waiting)
          .on(poll)
          .doIf(
              session ->
                  "ADMITTED".equals(session.getString("state")) && session.contains("admission"))
          .then(book);

  {
    PopulationBuilder theRush =
        opening
            .injectOpen(atOnceUsers(1))
            .andThen(
                rush.injectOpen(
                    rampUsers(config.arrivals())
                        .during(Duration.ofSeconds(config.windowSeconds()))));
    PopulationBuilder plan =
        config.measuresCost()
            ? costJoins
                .injectClosed(
                    constantConcurrentUsers(config.costUsers())
                        .during(Duration.ofSeconds(config.costPhaseSeconds())))
                .andThen(
                    costPolls
                        .injectClosed(
                            constantConcurrentUsers(config.costUsers())
                                .during(Duration.ofSeconds(config.costPhaseSeconds())))
                        .andThen(theRush))
            : theRush;
    setUp(plan)
        .protocols(Requests.protocol(true))
        .maxDuration(Duration.ofSeconds(config.maxSeconds()));
  }

  private static String ticketsPath(Layout layout) {
    return "/venues/" + layout.venueId() + "/waiting-room/tickets";
  }

  private String anyCostTicket() {
    String[] tickets = pollable;
    if (tickets.length == 0) {
      synchronized (costTickets) {
        tickets = costTickets.toArray(new String[0]);
      }
      pollable = tickets;
    }
    if (tickets.length == 0) return null;
    return tickets[java.util.concurrent.ThreadLocalRandom.current().nextInt(tickets.length)];
  }

  /** The next arrival: its number, customer and the slot it will book. */
  private Session arrive(Session session) {
    int i = nextArrival.getAndIncrement();
    if (i == 0) firstArrival();
    arrivals.joinSent(i, System.currentTimeMillis());
    return session
        .set("i", i)
        .set("customerId", customerPrefix + i)
        .set("slotId", venue.slotId(slotOf(i)));
  }

  /** Bookings spread over the slots in a seeded shuffle of arrival numbers. */
  private final int[] slotOrder = shuffledSlots(Settings.seed());

  private int slotOf(int arrival) {
    return slotOrder[arrival % slotOrder.length];
  }

  private static int[] shuffledSlots(long seed) {
    int[] order = new int[SLOTS];
    for (int i = 0; i < SLOTS; i++) order[i] = i;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = SLOTS - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Still in line: has a ticket that is neither admitted nor expired, and time is not up. */
  private boolean waiting(Session session) {
    if (!session.contains("ticketId")) return false;
    String state = session.getString("state");
    boolean inLine = "PREQUEUED".equals(state) || "WAITING".equals(state);
    return inLine && System.currentTimeMillis() < rushDeadlineMs;
  }

  /** First seen admitted: the admission instant is the token's expiry minus its TTL. */
  private Session admitted(Session session) {
    long admittedAt = 0;
    if (session.contains("admissionExpiresAt")) {
      try {
        admittedAt =
            Instant.parse(session.getString("admissionExpiresAt")).toEpochMilli()
                - config.admissionTtlSeconds() * 1000L;
      } catch (DateTimeParseException e) {
        admittedAt = 0;
      }
    }
    arrivals.admitted(session.getInt("i"), admittedAt, System.currentTimeMillis());
    return session;
  }

  /**
   * Before the first arrival: removes the cost room and puts the rush's room, open to joins now and
   * opening an hour from now, so that the first joins find it.
   */
  private void open() {
    if (config.measuresCost()) seeder.deleteWaitingRoom(costVenue.venueId());
    requestsBeforeRush = outcomes.total();
    long now = System.currentTimeMillis();
    // Joinable at once (prequeueFrom would default to half an hour before the opening).
    prequeueFromMs = now - 1_000L;
    putRoom(now + 3_600_000L);
    rushCpu = CpuReading.take(config.enginePid(), config.postgresPid());
    watch.start();
  }

  /**
   * At the first arrival: the opening moves to a third of the window from now (a PUT replaces the
   * settings and keeps the line), so that a third of the arrivals come before it however long
   * Gatling took to start the rush after the first PUT.
   */
  private void firstArrival() {
    long now = System.currentTimeMillis();
    rushBeganMs = now;
    opensAtMs = now + Math.round(config.opensAfterSeconds() * 1000);
    rushDeadlineMs = now + config.rushMaxSeconds() * 1000L;
    try {
      System.err.println(
          "opening-rush: the first arrival; the room opens at "
              + Instant.ofEpochMilli(opensAtMs)
              + ": "
              + putRoom(opensAtMs));
    } catch (RuntimeException e) {
      System.err.println("opening-rush: ERROR: could not set the opening: " + e);
      throw e;
    }
  }

  private String putRoom(long opensAt) {
    Map<String, Object> room = new LinkedHashMap<>();
    room.put("opensAt", Instant.ofEpochMilli(opensAt).toString());
    room.put("prequeueFrom", Instant.ofEpochMilli(prequeueFromMs).toString());
    room.put("admitPerMinute", config.admitPerMinute());
    room.put("admissionTtlSeconds", config.admissionTtlSeconds());
    room.put("order", "random-then-fifo");
    return seeder.putWaitingRoom(venue.venueId(), room).toString();
  }

  @Override
  public void before() {
    System.out.println(Settings.describe("OpeningRush", config.describe()));
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(venue);
    if (config.measuresCost()) {
      seeder.define(costVenue);
      // Open already (the line is first come first served) and admitting one person a minute:
      // the cost phases' tickets stay WAITING, as most tickets of a rush are.
      Map<String, Object> room = new LinkedHashMap<>();
      room.put("opensAt", Instant.now().plusSeconds(1).toString());
      room.put("admitPerMinute", 1);
      room.put("admissionTtlSeconds", config.admissionTtlSeconds());
      seeder.putWaitingRoom(costVenue.venueId(), room);
      awaitState(costVenue.venueId(), "queueing", Duration.ofSeconds(30));
    }
  }

  @Override
  public void after() {
    watch.stop();
    long ended = System.currentTimeMillis();
    Path dir = Path.of(config.resultDir());
    try {
      Files.createDirectories(dir);
      arrivals.write(dir.resolve("arrivals.csv"), nextArrival.get(), customerPrefix);
      watch.write(dir.resolve("room.csv"));
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      json.writeValue(dir.resolve("outcomes.json").toFile(), outcomes.snapshot());
      Map<String, Object> cost = new LinkedHashMap<>();
      cost.put("join", joinCost.result());
      cost.put("poll", pollCost.result());
      if (rushCpu != null) {
        cost.put(
            "rush",
            CpuReading.take(config.enginePid(), config.postgresPid())
                .since(rushCpu, outcomes.total() - requestsBeforeRush));
      }
      json.writeValue(dir.resolve("cost.json").toFile(), cost);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("venueId", venue.venueId());
      run.put("arrivals", config.arrivals());
      run.put("started", nextArrival.get());
      run.put("windowSeconds", config.windowSeconds());
      run.put("admitPerMinute", config.admitPerMinute());
      run.put("admissionTtlSeconds", config.admissionTtlSeconds());
      run.put("pollSeconds", config.pollSeconds());
      run.put("rushMaxSeconds", config.rushMaxSeconds());
      run.put("rushBeganMs", rushBeganMs);
      run.put("opensAtMs", opensAtMs);
      run.put("endedMs", ended);
      run.put("settings", config.describe());
      json.writeValue(dir.resolve("run.json").toFile(), run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(
        "OpeningRush: "
            + nextArrival.get()
            + " arrived, "
            + arrivals.joinedCount()
            + " joined, "
            + arrivals.admittedCount()
            + " admitted, "
            + arrivals.bookedCount()
            + " booked; "
            + outcomes.total()
            + " requests; results in "
            + dir.toAbsolutePath());
  }

  /** Polls the room's status until it is in {@code state}. */
  private void awaitState(String venueId, String state, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      seen = seeder.adminGet("/admin/venues/" + venueId + "/waiting-room").path("state").asText();
      if (state.equals(seen)) return;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException(
        "the waiting room of " + venueId + " is " + seen + ", not " + state + ", after " + timeout);
  }
}
