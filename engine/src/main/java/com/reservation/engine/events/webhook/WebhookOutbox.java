package com.reservation.engine.events.webhook;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.jdbc.javadsl.JdbcHandler;
import akka.projection.jdbc.javadsl.JdbcProjection;
import com.reservation.engine.events.model.EventBodies;
import com.reservation.engine.events.model.EventMapping;
import com.reservation.engine.events.model.PublicEvent;
import com.reservation.engine.journal.EventsInJournalOrder;
import com.reservation.engine.journal.TaggedEvent;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.store.DataSourceJdbcSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The projection that turns the journal into due webhook deliveries: for each public event, one
 * outbox row per webhook that wants it, written in the same transaction as the projection's offset
 * (exactly once). One instance reads every tag in journal order, so each slot's events enter the
 * outbox in their order, and {@code delivery_id} keeps it. Nothing here talks to a receiver: a slow
 * or dead one can never hold the projection (or bookings) back.
 */
public final class WebhookOutbox {
  public static final String NAME = "webhook-outbox";

  /**
   * One statement per group: the group's events joined with the webhooks that want them, in event
   * order.
   */
  private static final String INSERT =
      "INSERT INTO webhook_delivery (webhook_id, event_id, event_type, body)"
          + " SELECT w.webhook_id, e.id, e.type, e.body"
          + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[]) WITH ORDINALITY AS e(id, type, venue, body, n)"
          + " JOIN webhook w ON e.type = ANY(w.event_types) AND (w.venue_id IS NULL OR w.venue_id = e.venue)"
          + " ORDER BY e.n, w.webhook_id"
          + " ON CONFLICT (webhook_id, event_id) DO NOTHING";

  /** How the outbox projection reads and groups. */
  public record Settings(
      Duration pollInterval, int pageSize, int groupSize, Duration groupWithin) {}

  private WebhookOutbox() {}

  public static void init(
      ActorSystem<?> system,
      EventsInJournalOrder<SlotEvent> journal,
      DataSource dataSource,
      Settings settings) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            1,
            index ->
                ProjectionBehavior.create(
                    JdbcProjection.groupedWithin(
                            ProjectionId.of(NAME, "all"),
                            journal,
                            () -> new DataSourceJdbcSession(dataSource),
                            Handler::new,
                            system)
                        .withGroup(settings.groupSize(), settings.groupWithin())),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  static final class Handler
      extends JdbcHandler<List<TaggedEvent<SlotEvent>>, DataSourceJdbcSession> {
    @Override
    public void process(DataSourceJdbcSession session, List<TaggedEvent<SlotEvent>> envelopes)
        throws Exception {
      // Most deployments register no webhook: then a group costs one trivial query, and its events
      // are never even decoded (TaggedEvent decodes on first use). Exact, not cached: a webhook
      // registered before one of these events was written is seen here, since the events are read
      // only after they were written.
      boolean anyWebhook =
          session.withConnection(
              c -> {
                try (PreparedStatement s =
                        c.prepareStatement("SELECT EXISTS (SELECT 1 FROM webhook)");
                    ResultSet rs = s.executeQuery()) {
                  return rs.next() && rs.getBoolean(1);
                }
              });
      if (!anyWebhook) return;
      List<PublicEvent> events = new ArrayList<>();
      for (TaggedEvent<SlotEvent> envelope : envelopes) {
        String slotId = envelope.event().slotId();
        events.addAll(
            EventMapping.map(
                slotId,
                envelope.sequenceNr(),
                envelope.event(),
                Instant.ofEpochMilli(envelope.timestamp())));
      }
      if (events.isEmpty()) return;
      session.withConnection(
          c -> {
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
              s.setArray(
                  1,
                  c.createArrayOf(
                      "varchar", events.stream().map(PublicEvent::id).toArray(String[]::new)));
              s.setArray(
                  2,
                  c.createArrayOf(
                      "varchar",
                      events.stream().map(e -> e.type().wireName()).toArray(String[]::new)));
              s.setArray(
                  3,
                  c.createArrayOf(
                      "varchar", events.stream().map(PublicEvent::venueId).toArray(String[]::new)));
              s.setArray(
                  4,
                  c.createArrayOf(
                      "bytea", events.stream().map(EventBodies::json).toArray(byte[][]::new)));
              s.executeUpdate();
            }
            return null;
          });
    }
  }
}
