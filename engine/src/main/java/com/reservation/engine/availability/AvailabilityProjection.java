package com.reservation.engine.availability;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.Offset;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.eventsourced.javadsl.EventSourcedProvider;
import akka.projection.javadsl.GroupedProjection;
import akka.projection.javadsl.SourceProvider;
import akka.projection.jdbc.javadsl.JdbcProjection;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.SlotSettings;
import com.reservation.engine.store.DataSourceJdbcSession;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one projection instance per event tag, spread over the cluster by {@link ShardedDaemonProcess}, each keeping
 * {@code slot_availability} up to date with exactly-once offsets stored in the same transaction as its rows.
 */
public final class AvailabilityProjection {
  public static final String NAME = "slot-availability";

  private AvailabilityProjection() {}

  public static void init(ActorSystem<?> system, DataSource dataSource, SlotSettings settings, int groupSize, Duration groupWithin) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            settings.numberOfTags(),
            index -> ProjectionBehavior.create(projection(system, dataSource, SlotSettings.tag(index), groupSize, groupWithin)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static GroupedProjection<Offset, EventEnvelope<SlotEvent>> projection(
      ActorSystem<?> system, DataSource dataSource, String tag, int groupSize, Duration groupWithin) {
    SourceProvider<Offset, EventEnvelope<SlotEvent>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.groupedWithin(
            ProjectionId.of(NAME, tag),
            source,
            () -> new DataSourceJdbcSession(dataSource),
            AvailabilityHandler::new,
            system)
        .withGroup(groupSize, groupWithin);
  }
}
