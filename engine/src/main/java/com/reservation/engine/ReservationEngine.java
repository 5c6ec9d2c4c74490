package com.reservation.engine;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.serialization.SerializationExtension;
import com.reservation.engine.availability.AvailabilityProjection;
import com.reservation.engine.availability.AvailabilityQueries;
import com.reservation.engine.customer.AllowanceCommand;
import com.reservation.engine.customer.CustomerAllowance;
import com.reservation.engine.customer.CustomerLimits;
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
import com.reservation.engine.schedule.ScheduleGenerator;
import com.reservation.engine.schedule.ScheduleRepository;
import com.reservation.engine.schedule.ScheduleRequest;
import com.reservation.engine.schedule.ScheduleResult;
import com.reservation.engine.slot.GrantReleases;
import com.reservation.engine.slot.SlotCatalog;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.GrantReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.storage.SlotSnapshots;
import com.reservation.engine.store.BoundedExecutor;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The engine as the HTTP front end sees it: commands to slots (wherever in the cluster they live),
 * venues, schedules and the availability read model. {@link #start} initialises sharding of slots
 * and the projection on this node.
 */
public final class ReservationEngine {
  private final ActorSystem<?> system;
  private final EngineSettings settings;
  private final ClusterSharding sharding;
  private final VenueRepository venues;
  private final ScheduleRepository schedules;
  private final AvailabilityQueries availability;
  private final EventsOut events;
  private final Clock clock = Clock.systemUTC();
  private final LimitedCalls limited;
  private final HoldsAndWaitlists holds;
  private final ContactVault contacts;

  private ReservationEngine(
      ActorSystem<?> system,
      EngineSettings settings,
      VenueRepository venues,
      ScheduleRepository schedules,
      AvailabilityQueries availability,
      EventsOut events,
      ContactVault contacts) {
    this.system = system;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.venues = venues;
    this.schedules = schedules;
    this.availability = availability;
    this.limited = new LimitedCalls(venues, new CustomerLimits(sharding, clock));
    this.contacts = contacts;
    this.holds =
        new HoldsAndWaitlists(this::slot, venues, limited, settings.askTimeout(), clock, contacts);
    this.events = events;
  }

  /**
   * Starts the slot entities, the customer allowances, the availability projection and the hold
   * expiry waker on this node; the schema must exist.
   */
  public static ReservationEngine start(ActorSystem<?> system, DataSource dataSource) {
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
    VenueRepository venues = new VenueRepository(dataSource, jdbc, settings.venueCacheFor());
    ScheduleRepository schedules = new ScheduleRepository(dataSource, jdbc);
    AvailabilityQueries availability =
        new AvailabilityQueries(
            dataSource, jdbc, settings.availabilityCacheFor(), settings.slot().tags());
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
                    CustomerAllowance.ENTITY_KEY, CustomerAllowance.entityId(venueId, customerId))
                .tell(new AllowanceCommand.Release(grantId));
    SlotEntity.init(system, settings.slot(), catalog, snapshots, clock, grants);
    CustomerAllowance.init(
        system, settings.customer(), slotGrantChecks(sharding, settings.askTimeout()), clock);
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
            settings.slot(),
            EventsOutSettings.fromConfig(
                system.settings().config().getConfig("reservation.events")));
    CustomerKeys keys =
        new CustomerKeys(
            dataSource,
            jdbc,
            system.settings().config().getDuration("reservation.privacy.key-cache-for"));
    ContactVault contacts = new ContactVault(keys, KeyErasures.start(system, keys));
    return new ReservationEngine(
        system, settings, venues, schedules, availability, events, contacts);
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

  /** Holds and waitlists. */
  public HoldsAndWaitlists holds() {
    return holds;
  }

  public EngineSettings settings() {
    return settings;
  }

  public VenueRepository venues() {
    return venues;
  }

  public AvailabilityQueries availability() {
    return availability;
  }

  /** Events out: pull feed, webhooks, live availability topics, arrival counts. */
  public EventsOut events() {
    return events;
  }

  /** When a caller asking now stops waiting: the slot refuses to decide its command after that. */
  private Instant deadline() {
    return clock.instant().plus(settings.askTimeout());
  }

  private EntityRef<SlotCommand> slot(String slotId) {
    return sharding.entityRefFor(SlotEntity.ENTITY_KEY, slotId);
  }

  public CompletionStage<SlotReply> getSlot(String slotId) {
    return slot(slotId).ask(SlotCommand.GetSlot::new, settings.askTimeout());
  }

  /**
   * Changes a slot's capacity and/or status (empty: leave as is) in one decision and one write:
   * both or neither. A changed capacity is written into the catalog before the answer (a schedule
   * re-posted right after is compared with it, unless the availability projection is still applying
   * an earlier capacity change in event order: the catalog then converges within the projection's
   * lag); should that write fail, the change stands and the availability projection brings the
   * catalog up to date.
   */
  public CompletionStage<SlotReply> changeSlot(
      String slotId, Optional<Integer> capacity, Optional<SlotStatus> status) {
    return slot(slotId)
        .<SlotReply>ask(
            replyTo ->
                new SlotCommand.ChangeSlot(capacity.orElse(null), status.orElse(null), replyTo),
            settings.askTimeout())
        .thenCompose(
            reply -> {
              if (capacity.isPresent()
                  && reply instanceof SlotReply.Current current
                  && current.changed()) {
                return schedules
                    .recordCapacity(slotId, current.slot().capacity())
                    .handle((done, failure) -> reply);
              }
              return CompletableFuture.completedFuture(reply);
            });
  }

  /**
   * Books seats; at a venue with a per-customer limit, within the customer's allowance. Contact
   * data is sealed under the customer's key before the slot sees it (see {@link ContactVault}); the
   * answer carries it opened again.
   */
  public CompletionStage<BookingReply> book(
      String slotId,
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact) {
    Instant deadline = deadline();
    if (contact == null || contact.isEmpty()) {
      return bookSealed(
              slotId, customerId, seats, idempotencyKey, ContactVault.Sealed.NOTHING, deadline)
          .thenCompose(contacts::open);
    }
    // Sealed here, at once: a key this node knows is stored, or a new one the slot's write stores
    // with the booking (a refusal stores nothing and costs no database work).
    ContactVault.Sealed sealed = contacts.seal(customerId, contact);
    return bookSealed(slotId, customerId, seats, idempotencyKey, sealed, deadline)
        .thenApply(reply -> contacts.learn(sealed, reply))
        .thenCompose(reply -> withContact(reply, contact));
  }

  /**
   * A new booking answered with the contact its caller just gave, rather than opening what was
   * sealed from it; an earlier outcome (a retry that raced this one) is opened as stored.
   */
  private CompletionStage<BookingReply> withContact(
      BookingReply reply, Map<String, String> contact) {
    if (reply instanceof BookingReply.Booking b && b.changed()) {
      return CompletableFuture.completedFuture(
          new BookingReply.Booking(b.booking().withContact(contact), true));
    }
    return contacts.open(reply);
  }

  private CompletionStage<BookingReply> bookSealed(
      String slotId,
      String customerId,
      int seats,
      String idempotencyKey,
      ContactVault.Sealed contact,
      Instant deadline) {
    return limited.call(
        slotId,
        customerId,
        "book",
        idempotencyKey,
        seats,
        deadline,
        grantId -> {
          Duration timeout = grantId == null ? settings.askTimeout() : remaining(deadline);
          return slot(slotId)
              .ask(
                  replyTo ->
                      new SlotCommand.Book(
                          customerId,
                          seats,
                          idempotencyKey,
                          contact.contact(),
                          grantId,
                          replyTo,
                          deadline,
                          contact.newKey()),
                  timeout);
        },
        rejected -> rejected);
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
  }

  public CompletionStage<BookingReply> cancel(String slotId, String bookingId) {
    return slot(slotId)
        .<BookingReply>ask(
            replyTo -> new SlotCommand.Cancel(bookingId, replyTo, deadline()),
            settings.askTimeout())
        .thenCompose(contacts::open);
  }

  public CompletionStage<BookingReply> getBooking(String slotId, String bookingId) {
    return slot(slotId)
        .<BookingReply>ask(
            replyTo -> new SlotCommand.GetBooking(bookingId, replyTo), settings.askTimeout())
        .thenCompose(contacts::open);
  }

  /**
   * Erases a customer's contact data everywhere it is stored by deleting the key it is sealed
   * under: true when there was a key. Bookings, holds and entries stay, with their counts; their
   * contact reads as empty from now on.
   */
  public CompletionStage<Boolean> eraseCustomer(String customerId) {
    return contacts.erase(customerId);
  }

  /**
   * Validates a schedule whole, then applies it to the catalog in one transaction. Throws {@link
   * ScheduleGenerator.InvalidSchedule} (synchronously) for a request that cannot produce slots or
   * names more than the configured maximum.
   */
  public CompletionStage<ScheduleResult> applySchedule(String venueId, ScheduleRequest request) {
    ScheduleGenerator.validate(request, settings.slot().maxCapacity());
    long count = ScheduleGenerator.count(request);
    if (count == 0) {
      throw new ScheduleGenerator.InvalidSchedule(
          "the schedule names no slots: check that slotMinutes fits between dailyStart and dailyEnd and that daysOfWeek occur between from and to");
    }
    if (count > settings.maxScheduleSlots()) {
      throw new ScheduleGenerator.InvalidSchedule(
          "the schedule names "
              + count
              + " slots; at most "
              + settings.maxScheduleSlots()
              + " per request");
    }
    return venues
        .find(venueId)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return CompletableFuture.completedFuture(new ScheduleResult.UnknownVenue(venueId));
              }
              Venue venue = found.get();
              return schedules.apply(
                  venue, request.from(), request.to(), ScheduleGenerator.generate(venue, request));
            });
  }

  /** For operators and tests: the system this engine runs in. */
  public ActorSystem<?> system() {
    return system;
  }
}
