package com.reservation.engine.availability;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.javadsl.GroupedProjection;
import akka.projection.jdbc.javadsl.JdbcProjection;
import com.reservation.engine.journal.EventsByTag;
import com.reservation.engine.journal.TaggedEvent;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.store.DataSourceJdbcSession;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Runs one projection instance per event tag, spread over the cluster by {@link
 * ShardedDaemonProcess}, each keeping {@code slot_availability} up to date with exactly-once
 * offsets stored in the same transaction as its rows.
 */
public final class AvailabilityProjection {
  /**
   * The projection's name in the offset store. Its offsets are positions of {@link EventsByTag}
   * ("txid:ordering"); the migration carried the first version's offsets ({@code
   * slot-availability}, orderings) over to this name.
   */
  public static final String NAME = "slot-availability-v2";

  /** How the projection reads and groups. */
  public record Settings(
      Duration pollInterval, int pageSize, int groupSize, Duration groupWithin) {}

  private AvailabilityProjection() {}

  public static void init(
      ActorSystem<?> system,
      DataSource dataSource,
      Executor jdbc,
      SlotSettings slots,
      Settings settings) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME,
            slots.numberOfTags(),
            index ->
                ProjectionBehavior.create(
                    projection(system, dataSource, jdbc, SlotSettings.tag(index), settings)),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static GroupedProjection<String, TaggedEvent<SlotEvent>> projection(
      ActorSystem<?> system, DataSource dataSource, Executor jdbc, String tag, Settings settings) {
    EventsByTag<SlotEvent> source =
        new EventsByTag<>(
            system,
            tag,
            // Counts and capacity facts only: the read model needs no more of a write.
            WriteSummaries.decoder(system),
            dataSource,
            jdbc,
            settings.pollInterval(),
            settings.pageSize());
    return JdbcProjection.groupedWithin(
            ProjectionId.of(NAME, tag),
            source,
            () -> new DataSourceJdbcSession(dataSource),
            AvailabilityHandler::new,
            system)
        .withGroup(settings.groupSize(), settings.groupWithin());
  }
}
