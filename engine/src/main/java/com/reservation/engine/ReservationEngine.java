package com.reservation.engine;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import com.reservation.engine.availability.AvailabilityQueries;
import com.reservation.engine.customer.CustomerLimits;
import com.reservation.engine.events.EventsOut;
import com.reservation.engine.privacy.ContactVault;
import com.reservation.engine.schedule.ScheduleGenerator;
import com.reservation.engine.schedule.ScheduleRepository;
import com.reservation.engine.schedule.ScheduleRequest;
import com.reservation.engine.schedule.ScheduleResult;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.engine.waitingroom.WaitingRooms;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The engine as the HTTP front end sees it: commands to slots (wherever in the cluster they live),
 * venues, schedules and the availability read model. {@link EngineAssembly#start} starts what it
 * needs on a node and returns it; it starts nothing itself.
 */
public final class ReservationEngine {
  private final ActorSystem<?> system;
  private final EngineSettings settings;
  private final ClusterSharding sharding;
  private final VenueRepository venues;
  private final ScheduleRepository schedules;
  private final AvailabilityQueries availability;
  private final EventsOut events;
  private final SeatCommands seats;
  private final HoldsAndWaitlists holds;
  private final ContactVault contacts;
  private final WaitingRooms waitingRooms;

  ReservationEngine(
      ActorSystem<?> system,
      EngineSettings settings,
      VenueRepository venues,
      ScheduleRepository schedules,
      AvailabilityQueries availability,
      EventsOut events,
      ContactVault contacts,
      WaitingRooms waitingRooms,
      Clock clock) {
    this.system = system;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.venues = venues;
    this.schedules = schedules;
    this.availability = availability;
    this.contacts = contacts;
    this.waitingRooms = waitingRooms;
    this.seats =
        new SeatCommands(
            this::slot, new CustomerLimits(sharding), contacts, clock, settings.askTimeout());
    this.holds = new HoldsAndWaitlists(this::slot, seats, settings.askTimeout(), contacts);
    this.events = events;
  }

  /** Holds and waitlists. */
  public HoldsAndWaitlists holds() {
    return holds;
  }

  /** The waiting rooms in front of venues' openings (docs/decisions/0015-waiting-room.md). */
  public WaitingRooms waitingRooms() {
    return waitingRooms;
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
      SeatTarget target,
      String customerId,
      int seats,
      String idempotencyKey,
      Map<String, String> contact) {
    boolean given = contact != null && !contact.isEmpty();
    return this.seats.take(
        target,
        new SeatCommands.Request("book", customerId, seats, idempotencyKey, contact),
        (data, grantId, deadline, replyTo) ->
            new SlotCommand.Book(
                customerId,
                seats,
                idempotencyKey,
                data.contact(),
                grantId,
                replyTo,
                deadline,
                data.newKey()),
        rejected -> rejected,
        reply -> given ? withContact(reply, contact) : contacts.open(reply));
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

  public CompletionStage<BookingReply> cancel(String slotId, String bookingId) {
    return slot(slotId)
        .<BookingReply>ask(
            replyTo -> new SlotCommand.Cancel(bookingId, replyTo, seats.deadline()),
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
