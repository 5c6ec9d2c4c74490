package com.reservation.engine;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.serialization.SerializationExtension;
import com.reservation.engine.availability.AvailabilityProjection;
import com.reservation.engine.availability.AvailabilityQueries;
import com.reservation.engine.customer.AllowanceBucket;
import com.reservation.engine.customer.AllowanceCommand;
import com.reservation.engine.customer.EarlierAllowanceTable;
import com.reservation.engine.customer.GrantChecks;
import com.reservation.engine.events.EventsOut;
import com.reservation.engine.events.EventsOutSettings;
import com.reservation.engine.expiry.DueSlots;
import com.reservation.engine.expiry.ExpiryWaker;
import com.reservation.engine.journal.SnapshotWriter;
import com.reservation.engine.privacy.ContactVault;
import com.reservation.engine.privacy.CustomerKeys;
import com.reservation.engine.privacy.KeyErasures;
import com.reservation.engine.schedule.CatalogDays;
import com.reservation.engine.schedule.ScheduleRepository;
import com.reservation.engine.slot.GrantReleases;
import com.reservation.engine.slot.SlotCatalog;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.api.GrantReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.storage.SlotSnapshots;
import com.reservation.engine.store.BoundedExecutor;
import com.reservation.engine.store.PublicReads;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.engine.waitingroom.WaitingRoomSettings;
import com.reservation.engine.waitingroom.WaitingRooms;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The engine's composition root: what runs on a node (slot and customer entities, the availability
 * projection, the hold expiry waker, events out, key erasures) started in one place, in an order
 * where each part finds what it needs, and the {@link ReservationEngine} facade over them.
 */
public final class EngineAssembly {
  private EngineAssembly() {}

  /**
   * Starts the slot entities, the customer allowances, the availability projection, the hold expiry
   * waker, events out and key erasures on this node; the schema must exist.
   */
  public static ReservationEngine start(ActorSystem<?> system, DataSource dataSource) {
    return start(system, dataSource, dataSource);
  }

  /**
   * As {@link #start(ActorSystem, DataSource)}, with the public reads (calendar, timetable, live
   * stream) on connections of their own ({@link PublicReads}).
   */
  public static ReservationEngine start(
      ActorSystem<?> system, DataSource dataSource, DataSource publicReadSource) {
    EngineSettings settings =
        EngineSettings.fromConfig(system.settings().config().getConfig("reservation"));
    // Bounded: a slow store makes callers wait up to the limit, then 503 "overloaded", never an
    // unbounded queue.
    Executor jdbc =
        new BoundedExecutor(
            system
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig("reservation.jdbc-dispatcher")),
            system.settings().config().getInt("reservation.jdbc-max-queued"));
    PublicReads publicReads =
        new PublicReads(
            publicReadSource,
            new BoundedExecutor(
                system
                    .dispatchers()
                    .lookup(DispatcherSelector.fromConfig("reservation.public-reads.dispatcher")),
                system.settings().config().getInt("reservation.public-reads.max-queued")));
    VenueRepository venues = new VenueRepository(dataSource, jdbc, settings.venueCacheFor());
    ScheduleRepository schedules = new ScheduleRepository(dataSource, jdbc);
    AvailabilityQueries availability =
        new AvailabilityQueries(
            publicReads.dataSource(),
            publicReads.executor(),
            settings.availabilityCacheFor(),
            settings.slot().tags());
    SnapshotWriter snapshotWriter =
        new SnapshotWriter(dataSource, jdbc, SerializationExtension.get(system));
    SlotSnapshots snapshots = SlotSnapshots.storedBy(snapshotWriter);
    SlotCatalog catalog = new CatalogDays(schedules, jdbc, settings.catalogCacheFor(), 10_000);
    ClusterSharding sharding = ClusterSharding.get(system);
    Clock clock = Clock.systemUTC();
    GrantReleases grants =
        (venueId, customerId, grantId) ->
            sharding
                .entityRefFor(
                    AllowanceBucket.ENTITY_KEY, AllowanceBucket.entityId(venueId, customerId))
                .tell(new AllowanceCommand.Release(customerId, grantId));
    SlotEntity.init(system, settings.slot(), catalog, snapshots, clock, grants);
    AllowanceBucket.init(
        system,
        settings.customer(),
        slotGrantChecks(sharding, settings.askTimeout()),
        new EarlierAllowanceTable(dataSource, jdbc),
        clock);
    AvailabilityProjection.init(system, dataSource, jdbc, settings.slot(), settings.projection());
    ExpiryWaker.init(
        system,
        new DueSlots(dataSource),
        jdbc,
        settings.expiry(),
        clock,
        (slotId, command) -> sharding.entityRefFor(SlotEntity.ENTITY_KEY, slotId).tell(command));
    EventsOut events =
        EventsOut.start(
            system,
            dataSource,
            jdbc,
            publicReads,
            settings.slot(),
            EventsOutSettings.fromConfig(
                system.settings().config().getConfig("reservation.events")));
    CustomerKeys keys =
        new CustomerKeys(
            dataSource,
            jdbc,
            system.settings().config().getDuration("reservation.privacy.key-cache-for"));
    ContactVault contacts = new ContactVault(keys, KeyErasures.start(system, keys));
    WaitingRooms waitingRooms =
        WaitingRooms.start(
            system,
            dataSource,
            jdbc,
            WaitingRoomSettings.fromConfig(
                system.settings().config().getConfig("reservation.waiting-room")),
            settings.askTimeout(),
            clock);
    return new ReservationEngine(
        system, settings, venues, schedules, availability, events, contacts, waitingRooms, clock);
  }

  /**
   * How an allowance asks a slot about a grant: a slot that does not exist uses none; a slot that
   * cannot answer (overloaded, store down) fails the check, and the allowance keeps the grant.
   */
  private static GrantChecks slotGrantChecks(ClusterSharding sharding, Duration askTimeout) {
    return (slotId, customerId, grantId) ->
        sharding
            .entityRefFor(SlotEntity.ENTITY_KEY, slotId)
            .<GrantReply>ask(
                replyTo -> new SlotCommand.CheckGrant(customerId, grantId, replyTo), askTimeout)
            .thenApply(
                reply -> {
                  if (reply instanceof GrantReply.Status status) return status.active();
                  Rejected rejected = (Rejected) reply;
                  if (rejected.reason() == RejectionReason.UNKNOWN_SLOT) return false;
                  throw new IllegalStateException(
                      "the slot could not answer: " + rejected.reason());
                });
  }
}
