package com.reservation.engine.waitingroom;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.SnapshotAdapter;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import com.reservation.engine.metrics.EngineMetrics;
import com.reservation.engine.waitingroom.RoomCommand.Configure;
import com.reservation.engine.waitingroom.RoomCommand.Flush;
import com.reservation.engine.waitingroom.RoomCommand.GetTicket;
import com.reservation.engine.waitingroom.RoomCommand.GetView;
import com.reservation.engine.waitingroom.RoomCommand.Join;
import com.reservation.engine.waitingroom.RoomCommand.Remove;
import com.reservation.engine.waitingroom.RoomCommand.Round;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A venue's waiting room: the single writer of its tickets, their order and its admissions, so that
 * one line holds across every node people join through. Its events are its truth: a node's death
 * loses no ticket, and the order, decided by keys stored with each ticket, comes out the same on
 * every recovery.
 *
 * <p>Joins are stored in groups: those that arrive while a write is under way are stored together
 * by the next one, so a rush of arrivals costs a journal write per round trip, not per person.
 * Rounds (every {@code round}) place the line at the opening and admit at the rate.
 */
public final class WaitingRoom extends EventSourcedBehavior<RoomCommand, RoomEvent, RoomState> {

  public static final EntityTypeKey<RoomCommand> ENTITY_KEY =
      EntityTypeKey.create(RoomCommand.class, "WaitingRoom");

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Starts sharding of waiting rooms on this node (entity id: the venue id). */
  public static void init(ActorSystem<?> system, WaitingRoomSettings settings, Clock clock) {
    EngineMetrics.get(system).sharded(ENTITY_KEY);
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, clock)));
  }

  public static Behavior<RoomCommand> create(
      String venueId, WaitingRoomSettings settings, Clock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new WaitingRoom(context, timers, venueId, settings, clock)));
  }

  /** A join waiting for the next write. */
  private record PendingJoin(Join command, RoomEvent.Joined event) {}

  private final ActorContext<RoomCommand> context;
  private final WaitingRoomSettings settings;
  private final Clock clock;
  private final List<PendingJoin> pending = new ArrayList<>();
  private final Map<String, RoomEvent.Joined> pendingByCustomer = new HashMap<>();
  private boolean flushScheduled;

  /** When this incarnation's previous round ran. */
  private Instant lastRound;

  /** Admissions the rate has earned and not yet used (a fraction between rounds). */
  private double earned;

  private WaitingRoom(
      ActorContext<RoomCommand> context,
      TimerScheduler<RoomCommand> timers,
      String venueId,
      WaitingRoomSettings settings,
      Clock clock) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), venueId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    // Every room's rounds run while it is awake; the nodes' pictures keep a configured room awake
    // (and wake it on its new node after a failover) by asking it every view-refresh.
    timers.startTimerAtFixedRate(Round.INSTANCE, settings.round());
  }

  @Override
  public RoomState emptyState() {
    return RoomState.EMPTY;
  }

  @Override
  public CommandHandler<RoomCommand, RoomEvent, RoomState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Configure.class, this::configure)
        .onCommand(Remove.class, this::remove)
        .onCommand(Join.class, this::join)
        .onCommand(Flush.class, this::flush)
        .onCommand(GetTicket.class, this::getTicket)
        .onCommand(GetView.class, this::getView)
        .onCommand(Round.class, this::round)
        .build();
  }

  private Effect<RoomEvent, RoomState> configure(RoomState state, Configure command) {
    boolean created = !state.hasRoom();
    return Effect()
        .persist(new RoomEvent.Configured(command.settings()))
        .thenRun(s -> command.replyTo().tell(new RoomReply.View(view(s), created)));
  }

  private Effect<RoomEvent, RoomState> remove(RoomState state, Remove command) {
    if (!state.hasRoom()) {
      command.replyTo().tell(new RoomReply.Removed(false));
      return Effect().none();
    }
    // Joins not yet stored belong to the line being removed.
    pending.forEach(p -> p.command().replyTo().tell(new RoomReply.NoRoom()));
    pending.clear();
    pendingByCustomer.clear();
    return Effect()
        .persist(new RoomEvent.Removed(clock.instant()))
        .thenRun(s -> command.replyTo().tell(new RoomReply.Removed(true)));
  }

  private Effect<RoomEvent, RoomState> join(RoomState state, Join command) {
    if (!state.hasRoom()) {
      command.replyTo().tell(new RoomReply.NoRoom());
      return Effect().none();
    }
    Optional<String> existing = state.ticketOf().get(command.customerId());
    if (existing.isPresent()) {
      RoomState.Ticket ticket = state.tickets().get(existing.get()).orElseThrow();
      command.replyTo().tell(new RoomReply.TicketFound(ticket, view(state), false));
      return Effect().none();
    }
    RoomEvent.Joined waiting = pendingByCustomer.get(command.customerId());
    if (waiting != null) {
      // The same person twice before the write: both get the one ticket once it is stored.
      pending.add(new PendingJoin(command, waiting));
      return Effect().none();
    }
    RoomSettings room = state.settings();
    Instant now = clock.instant();
    RoomPhase phase = room.phase(now);
    if (now.isBefore(room.prequeueFrom()) || phase == RoomPhase.PASSTHROUGH) {
      command.replyTo().tell(new RoomReply.NotJoinable(phase, room.prequeueFrom()));
      return Effect().none();
    }
    int arrival = state.joined() + pendingByCustomer.size();
    if (arrival >= settings.maxTickets()) {
      command.replyTo().tell(new RoomReply.LineFull(settings.maxTickets()));
      return Effect().none();
    }
    // The key that orders this ticket among those placed with it: its arrival where the line is
    // first come first served, a random number where it is shuffled.
    long key = room.order() == LineOrder.FIFO ? arrival : RANDOM.nextLong();
    RoomEvent.Joined joined = new RoomEvent.Joined(newTicketId(), command.customerId(), now, key);
    pending.add(new PendingJoin(command, joined));
    pendingByCustomer.put(command.customerId(), joined);
    if (pendingByCustomer.size() >= settings.maxJoinsPerWrite())
      return flush(state, Flush.INSTANCE);
    if (!flushScheduled) {
      // Joins that arrive before this reaches the room (and those stashed during a write, which
      // come first) are stored in the same write.
      flushScheduled = true;
      context.getSelf().tell(Flush.INSTANCE);
    }
    return Effect().none();
  }

  private Effect<RoomEvent, RoomState> flush(RoomState state, Flush flush) {
    flushScheduled = false;
    if (pending.isEmpty()) return Effect().none();
    List<PendingJoin> writing = new ArrayList<>(pending);
    pending.clear();
    pendingByCustomer.clear();
    List<RoomEvent> events = new ArrayList<>();
    Instant opensAt = state.settings().opensAt();
    boolean opening = !state.opened() && !clock.instant().isBefore(opensAt);
    // Who joined before the opening is shuffled with the others who did; who joined after is
    // placed behind them, even when both are stored in this write.
    if (opening) {
      for (PendingJoin p : distinct(writing))
        if (p.event().at().isBefore(opensAt)) events.add(p.event());
      events.add(new RoomEvent.Placed(clock.instant()));
      for (PendingJoin p : distinct(writing))
        if (!p.event().at().isBefore(opensAt)) events.add(p.event());
    } else {
      for (PendingJoin p : distinct(writing)) events.add(p.event());
    }
    return Effect()
        .persist(events)
        .thenRun(
            s -> {
              RoomView view = view(s);
              java.util.Set<String> answered = new java.util.HashSet<>();
              for (PendingJoin p : writing) {
                RoomState.Ticket ticket = s.tickets().get(p.event().ticketId()).orElseThrow();
                // The first to ask made the ticket; a second ask of the same person gets it back.
                boolean created = answered.add(ticket.ticketId());
                p.command().replyTo().tell(new RoomReply.TicketFound(ticket, view, created));
              }
            });
  }

  /** Each pending join's event once (a person who asked twice is one ticket). */
  private static List<PendingJoin> distinct(List<PendingJoin> writing) {
    Map<String, PendingJoin> byTicket = new java.util.LinkedHashMap<>();
    for (PendingJoin p : writing) byTicket.putIfAbsent(p.event().ticketId(), p);
    return new ArrayList<>(byTicket.values());
  }

  private Effect<RoomEvent, RoomState> getTicket(RoomState state, GetTicket command) {
    if (!state.hasRoom()) {
      command.replyTo().tell(new RoomReply.NoRoom());
      return Effect().none();
    }
    Optional<RoomState.Ticket> ticket = state.tickets().get(command.ticketId());
    command
        .replyTo()
        .tell(
            ticket.isPresent()
                ? new RoomReply.TicketFound(ticket.get(), view(state), false)
                : new RoomReply.NoTicket());
    return Effect().none();
  }

  private Effect<RoomEvent, RoomState> getView(RoomState state, GetView command) {
    command
        .replyTo()
        .tell(state.hasRoom() ? new RoomReply.View(view(state), false) : new RoomReply.NoRoom());
    return Effect().none();
  }

  /**
   * The room's round: at the opening everyone who joined before it is placed in line (in the random
   * order of their keys); with {@link LineOrder#RANDOM} the arrivals since the last round too; then
   * as many are admitted as {@link AdmissionRules} allows.
   */
  private Effect<RoomEvent, RoomState> round(RoomState state, Round round) {
    if (!state.hasRoom()) return Effect().none();
    RoomSettings room = state.settings();
    Instant now = clock.instant();
    // A round's share of the rate is for the time since the previous round (a late round after a
    // failover catches up, within the windows' bounds).
    Duration since =
        lastRound == null || !lastRound.isBefore(now)
            ? settings.round()
            : Duration.between(lastRound, now);
    lastRound = now;
    if (room.phase(now) != RoomPhase.QUEUEING) return Effect().none();
    List<RoomEvent> events = new ArrayList<>();
    int placed = state.placed();
    boolean roundOfRandom = room.order() == LineOrder.RANDOM && state.unplaced().size() > 0;
    if (!state.opened() || roundOfRandom) {
      events.add(new RoomEvent.Placed(now));
      placed += state.unplaced().size();
    }
    earned = AdmissionRules.earned(room, earned, since, settings.round());
    int admit =
        AdmissionRules.admissible(room, placed - state.frontier(), state.admissions(), now, earned);
    earned -= admit;
    // Whole seconds: the token carries its expiry in seconds, and says the same as the ticket.
    Instant expiresAt = now.plus(room.admissionTtl()).truncatedTo(ChronoUnit.SECONDS);
    if (admit > 0) events.add(new RoomEvent.Admitted(admit, now, expiresAt));
    if (events.isEmpty()) return Effect().none();
    return Effect().persist(events);
  }

  private RoomView view(RoomState state) {
    return RoomView.of(state, clock.instant());
  }

  private static String newTicketId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public EventHandler<RoomState, RoomEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(RoomState::apply);
  }

  @Override
  public SnapshotAdapter<RoomState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(RoomState state) {
        return state.stored();
      }

      @Override
      public RoomState fromJournal(Object from) {
        return RoomState.of((RoomState.Stored) from);
      }
    };
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }
}
