package com.reservation.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.sse;

import com.reservation.gatling.support.Feeders;
import com.reservation.gatling.support.Layout;
import com.reservation.gatling.support.Requests;
import com.reservation.gatling.support.Seeder;
import com.reservation.gatling.support.Settings;
import io.gatling.http.action.sse.SseInboundMessage;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Viewers of a day's live availability while a booking burst runs on that day. {@code -Dviewers}
 * (10,000) connect to {@code GET /venues/{venueId}/availability/stream} of the first base URL
 * within {@code -DviewerRamp} (30 s) and stay; then {@code -Dusers} (64) clients book seats on the
 * first {@code -DhotSlots} (4) of the day's 48 slots as fast as the node answers (closed model) for
 * {@code -Dduration} (20 s): a burst on a few slots, as at an opening. Every changed slot reaches
 * every viewer (at most 4 times a second), so {@code -DhotSlots=48} is the heaviest fan-out.
 * Measured: how long after a change was stored each viewer saw it (the {@code slot} event's {@code
 * changedAt} to its arrival, p50/p99 over every viewer and event), and the confirmed bookings per
 * second. Run it with {@code -Dviewers=0} for the booking rate without viewers. Results on the
 * console, and as JSON in {@code -DresultFile} when set.
 */
public class AvailabilityViewers extends Simulation {
  private static final Pattern CHANGED_AT =
      Pattern.compile("changedAt\\\\?\"\\s*:\\s*\\\\?\"([0-9T:.\\-]+Z)");
  private static final int MAX_MS = 60_000;

  private final long seed = Settings.seed();
  private final int viewers = Settings.intValue("viewers", 10_000);
  private final Duration viewerRamp = Duration.ofSeconds(Settings.intValue("viewerRamp", 30));
  private final int bookers = Settings.users(64);
  private final Duration duration = Settings.duration(20);
  private final int hotSlots = Math.max(1, Math.min(48, Settings.intValue("hotSlots", 4)));
  private final Layout layout =
      Layout.site(Settings.namespace() + "-viewers", Settings.startDate(), 1, 100_000);
  private final Duration settle = Duration.ofSeconds(viewers > 0 ? 5 : 0);
  private final AtomicLongArray delays = new AtomicLongArray(MAX_MS + 1);
  private final LongAdder events = new LongAdder();
  private final LongAdder created = new LongAdder();

  private final ScenarioBuilder watch =
      scenario("viewer")
          .exec(
              sse("stream")
                  .get(
                      "/venues/" + layout.venueId() + "/availability/stream?date=" + layout.from()))
          .exec(
              during(viewerRamp.plus(settle).plus(duration).plusSeconds(5))
                  .on(
                      exec(pause(Duration.ofSeconds(1)))
                          .exec(sse.processUnmatchedMessages(this::record))))
          .exec(sse("stream").close());

  private final ScenarioBuilder book =
      scenario("booker")
          .exec(
              // Not exitASAP: a booking whose answer comes after the end is still counted.
              during(duration, false)
                  .on(
                      feed(Feeders.customers(seed, "viewers-burst"))
                          .exec(feed(Feeders.picks(seed, "slotIndex", hotSlots)))
                          .exec(
                              session ->
                                  session.set("slotId", layout.slotId(session.getInt("slotIndex"))))
                          .exec(Requests.book("book while viewers watch"))
                          .exec(
                              session -> {
                                if (session.contains("bookingId")) created.increment();
                                return Requests.clearOutcome(session);
                              })));

  {
    List<PopulationBuilder> populations = new ArrayList<>();
    if (viewers > 0)
      populations.add(
          watch.injectOpen(rampUsers(viewers).during(viewerRamp)).protocols(viewerProtocol()));
    // The bookers start once the viewers are connected, all at once, and each books in a loop (a
    // closed model).
    Duration wait = viewers > 0 ? viewerRamp.plus(settle) : Duration.ofMillis(1);
    populations.add(
        book.injectOpen(nothingFor(wait), atOnceUsers(bookers))
            .protocols(Requests.protocol(false)));
    setUp(populations);
  }

  private static HttpProtocolBuilder viewerProtocol() {
    return Requests.protocol(false).sseUnmatchedInboundMessageBufferSize(256);
  }

  /** Each {@code slot} event's delay from its change to its arrival here. */
  private Session record(List<SseInboundMessage> messages, Session session) {
    for (SseInboundMessage message : messages) {
      Matcher m = CHANGED_AT.matcher(message.message());
      while (m.find()) {
        try {
          long ms = Math.max(0, message.timestamp() - Instant.parse(m.group(1)).toEpochMilli());
          delays.incrementAndGet((int) Math.min(ms, MAX_MS));
          events.increment();
        } catch (DateTimeParseException ignored) {
          // not a timestamp: skip
        }
      }
    }
    return session;
  }

  @Override
  public void before() {
    System.out.println(
        Settings.describe(
            "AvailabilityViewers",
            "viewers="
                + viewers
                + " viewerRamp="
                + viewerRamp
                + " users="
                + bookers
                + " hotSlots="
                + hotSlots
                + " duration="
                + duration));
    Seeder seeder = Seeder.fromSettings();
    seeder.awaitReady(Duration.ofSeconds(60));
    seeder.define(layout);
    if (!seeder.awaitTimetable(layout, Duration.ofSeconds(30)))
      throw new IllegalStateException("the day's timetable is not there");
  }

  @Override
  public void after() {
    String result =
        String.format(
            "{\"viewers\": %d, \"bookers\": %d, \"hotSlots\": %d, \"seconds\": %d, \"confirmed\": %d, \"bookingsPerSecond\": %.1f,"
                + " \"slotEventsSeen\": %d, \"delayP50Ms\": %d, \"delayP99Ms\": %d, \"delayMaxMs\": %d}",
            viewers,
            bookers,
            hotSlots,
            duration.toSeconds(),
            created.sum(),
            created.sum() / (double) duration.toSeconds(),
            events.sum(),
            percentile(0.50),
            percentile(0.99),
            percentile(1.0));
    System.out.println("AvailabilityViewers RESULT " + result);
    String file = System.getProperty("resultFile");
    if (file != null && !file.isBlank()) {
      try {
        Files.writeString(Path.of(file), result + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private long percentile(double p) {
    long total = events.sum();
    if (total == 0) return -1;
    long rank = Math.max(1, (long) Math.ceil(p * total));
    long seen = 0;
    for (int ms = 0; ms <= MAX_MS; ms++) {
      seen += delays.get(ms);
      if (seen >= rank) return ms;
    }
    return MAX_MS;
  }
}
