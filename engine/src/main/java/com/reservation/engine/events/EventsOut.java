package com.reservation.engine.events;

import akka.actor.typed.ActorSystem;
import com.reservation.engine.events.arrivals.ArrivalCounter;
import com.reservation.engine.events.arrivals.ArrivalStore;
import com.reservation.engine.events.live.AvailabilityTopics;
import com.reservation.engine.events.live.LiveDayQuery;
import com.reservation.engine.events.live.ScheduledDays;
import com.reservation.engine.events.webhook.DeliveryWorker;
import com.reservation.engine.events.webhook.WebhookOutbox;
import com.reservation.engine.events.webhook.WebhookStore;
import com.reservation.engine.journal.EventsInJournalOrder;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.store.PublicReads;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Events out on this node: the pull feed, the webhooks (outbox projection and delivery workers,
 * both cluster-wide singletons-by-index under sharded daemon processes), the live availability
 * topics and the arrival counter.
 */
public final class EventsOut {
  private final EventFeed feed;
  private final WebhookStore webhooks;
  private final AvailabilityTopics topics;
  private final LiveDayQuery liveDays;
  private final ArrivalCounter arrivals;
  private final Function<URI, CompletionStage<Optional<String>>> targetCheck;
  private final ScheduledDays scheduledDays;

  /**
   * How long a node trusts what it read of a venue's scheduled days (as long as the venue cache by
   * default): a day just scheduled may be refused a stream for this long.
   */
  private static final Duration SCHEDULED_DAYS_CACHE = Duration.ofSeconds(5);

  private EventsOut(
      EventFeed feed,
      WebhookStore webhooks,
      AvailabilityTopics topics,
      LiveDayQuery liveDays,
      ArrivalCounter arrivals,
      Function<URI, CompletionStage<Optional<String>>> targetCheck,
      ScheduledDays scheduledDays) {
    this.feed = feed;
    this.webhooks = webhooks;
    this.topics = topics;
    this.liveDays = liveDays;
    this.arrivals = arrivals;
    this.targetCheck = targetCheck;
    this.scheduledDays = scheduledDays;
  }

  public static EventsOut start(
      ActorSystem<?> system,
      DataSource dataSource,
      Executor jdbc,
      PublicReads publicReads,
      SlotSettings slots,
      EventsOutSettings settings) {
    Clock clock = Clock.systemUTC();
    EventsInJournalOrder<SlotEvent> feedReader =
        new EventsInJournalOrder<>(
            system, slots.tags(), SlotEvent.class, dataSource, jdbc, Duration.ofSeconds(1), 1);
    EventsInJournalOrder<SlotEvent> outboxReader =
        new EventsInJournalOrder<>(
            system,
            slots.tags(),
            SlotEvent.class,
            dataSource,
            jdbc,
            settings.outbox().pollInterval(),
            settings.outbox().pageSize());
    WebhookStore webhooks = new WebhookStore(dataSource, jdbc);
    // Secrets an earlier version stored as they were are sealed once, off the start's path.
    CompletableFuture.supplyAsync(webhooks::sealPlaintext, jdbc)
        .whenComplete(
            (count, failure) -> {
              if (failure != null)
                system
                    .log()
                    .warn("Could not seal stored webhook secrets yet: {}", failure.toString());
              else if (count > 0) system.log().info("Sealed {} stored webhook secret(s)", count);
            });
    WebhookOutbox.init(system, outboxReader, dataSource, settings.outbox());
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(settings.delivery().requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    DeliveryWorker.init(
        system, webhooks, jdbc, http, settings.delivery(), settings.webhookTargets(), clock);
    ArrivalCounter arrivals = new ArrivalCounter();
    new ArrivalStore(dataSource)
        .flushPeriodically(
            system,
            arrivals,
            jdbc,
            settings.arrivalsFlushInterval(),
            settings.arrivalsSettle(),
            clock);
    return new EventsOut(
        new EventFeed(feedReader, jdbc, settings.feedMaxRowsPerPage()),
        webhooks,
        AvailabilityTopics.start(system, clock, settings.topicsReclaimAfter()),
        new LiveDayQuery(publicReads.dataSource(), publicReads.executor()),
        arrivals,
        url -> settings.webhookTargets().check(url, jdbc),
        new ScheduledDays(publicReads.dataSource(), publicReads.executor(), SCHEDULED_DAYS_CACHE));
  }

  public EventFeed feed() {
    return feed;
  }

  public WebhookStore webhooks() {
    return webhooks;
  }

  public AvailabilityTopics topics() {
    return topics;
  }

  public LiveDayQuery liveDays() {
    return liveDays;
  }

  /** The days each venue has slots on (what the availability stream accepts). */
  public ScheduledDays scheduledDays() {
    return scheduledDays;
  }

  public ArrivalCounter arrivals() {
    return arrivals;
  }

  /**
   * Why a webhook may not be delivered to {@code url} (a loopback, private or link-local target the
   * operator did not allow), or empty when it may: checked at registration.
   */
  public CompletionStage<Optional<String>> webhookTargetRefusal(URI url) {
    return targetCheck.apply(url);
  }
}
