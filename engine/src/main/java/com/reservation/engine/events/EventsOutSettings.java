package com.reservation.engine.events;

import com.reservation.engine.events.webhook.DeliverySettings;
import com.reservation.engine.events.webhook.WebhookOutbox;
import com.reservation.engine.events.webhook.WebhookTargets;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The settings of events out, from {@code reservation.events}.
 *
 * @param feedMaxRowsPerPage journal rows one pull-feed page reads at most (rows without public
 *     events included)
 * @param arrivalsFlushInterval how often a node stores its arrival counts
 * @param arrivalsSettle how old a second must be before its counts are stored (longer than any
 *     request takes)
 * @param webhookTargets which webhook urls are refused ({@code webhooks.allow-private-targets})
 * @param topicsReclaimAfter a venue-day's topic unused this long, with no subscriber on the node,
 *     is stopped ({@code live.reclaim-after})
 */
public record EventsOutSettings(
    int feedMaxRowsPerPage,
    WebhookOutbox.Settings outbox,
    DeliverySettings delivery,
    Duration arrivalsFlushInterval,
    Duration arrivalsSettle,
    WebhookTargets webhookTargets,
    Duration topicsReclaimAfter) {

  public static EventsOutSettings fromConfig(Config events) {
    Config outbox = events.getConfig("outbox");
    return new EventsOutSettings(
        events.getInt("feed.max-rows-per-page"),
        new WebhookOutbox.Settings(
            outbox.getDuration("poll-interval"),
            outbox.getInt("page-size"),
            outbox.getInt("group-size"),
            outbox.getDuration("group-within")),
        DeliverySettings.fromConfig(events.getConfig("webhooks")),
        events.getDuration("arrivals.flush-interval"),
        events.getDuration("arrivals.settle"),
        new WebhookTargets(events.getBoolean("webhooks.allow-private-targets")),
        events.getDuration("live.reclaim-after"));
  }
}
