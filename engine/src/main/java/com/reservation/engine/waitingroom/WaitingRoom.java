package com.reservation.engine.waitingroom;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import com.reservation.engine.metrics.EngineMetrics;
import com.reservation.engine.waitingroom.RoomCommand.Configure;
import com.reservation.engine.waitingroom.RoomCommand.GetTicket;
import com.reservation.engine.waitingroom.RoomCommand.GetView;
import com.reservation.engine.waitingroom.RoomCommand.Join;
import com.reservation.engine.waitingroom.RoomCommand.LedgerReady;
import com.reservation.engine.waitingroom.RoomCommand.Remove;
import com.reservation.engine.waitingroom.RoomCommand.Round;
import com.reservation.engine.waitingroom.RoomCommand.Written;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * A venue's waiting room: the single writer of its tickets, their order and its admissions, so that
 * one line holds across every node people join through. Its events (kept by its child {@link
 * RoomLedger}) are its truth: a node's death loses no ticket, and the order, decided by keys stored
 * with each ticket, comes out the same on every recovery.
 *
 * <p>This sharded front decides; the ledger stores, one write at a time. Joins that arrive while a
 * write is under way wait here and are stored together by the next one, so a rush of arrivals costs
 * a journal write per round trip, not per person; polls and the nodes' questions are answered at
 * once from the last stored state, never queued behind a write. Rounds (every {@code round}) place
 * the line at the opening and admit at the rate.
 */
public final class WaitingRoom extends AbstractBehavior<RoomCommand> {

  public static final EntityTypeKey<RoomCommand> ENTITY_KEY =
      EntityTypeKey.create(RoomCommand.class, "WaitingRoom");

  /** Commands that wait while the ledger recovers, at most. */
  private static final int RECOVERY_STASH = 100_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Starts sharding of waiting rooms on this node (entity id: the venue id). */
  public static void init(ActorSystem<?> system, WaitingRoomSettings settings, Clock clock) {
    EngineMetrics.get(system).sharded(ENTITY_KEY);
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, clock)));
  }

  public static Behavior<RoomCommand> create(
      String venueId, WaitingRoomSettings settings, Clock clock) {
    return Behaviors.withStash(
        RECOVERY_STASH,
        stash ->
            Behaviors.setup(
                context ->
                    Behaviors.withTimers(
                        timers ->
                            new WaitingRoom(context, timers, stash, venueId, settings, clock))));
  }

  /** A join waiting for its write. */
  private record PendingJoin(Join command, RoomEvent.Joined event) {}

  private final ActorRef<RoomLedger.Write> ledger;
  private final StashBuffer<RoomCommand> recovering;
  private final WaitingRoomSettings settings;
  private final Clock clock;
  private final String node;

  /** The state as of the last stored write; null until the ledger has recovered. */
  private RoomState state;

  /** What to do once the write in flight is stored; null when none is in flight. */
  private Consumer<RoomState> inFlight;

  private final List<PendingJoin> pending = new ArrayList<>();
  private final Map<String, RoomEvent.Joined> pendingByCustomer = new HashMap<>();

  /** Joins in the write in flight, by customer: a second ask waits for the same ticket. */
  private final Map<String, List<Join>> writingByCustomer = new HashMap<>();

  /** Settings changes and removals, in arrival order, each its own write. */
  private final Queue<RoomCommand> adminChanges = new ArrayDeque<>();

  private boolean roundDue;

  /** When this incarnation's previous round ran. */
  private Instant lastRound;

  /** Admissions the rate has earned and not yet used (a fraction between rounds). */
  private double earned;

  private WaitingRoom(
      ActorContext<RoomCommand> context,
      TimerScheduler<RoomCommand> timers,
      StashBuffer<RoomCommand> recovering,
      String venueId,
      WaitingRoomSettings settings,
      Clock clock) {
    super(context);
    this.recovering = recovering;
    this.settings = settings;
    this.clock = clock;
    this.node = context.getSystem().address().toString();
    this.ledger =
        context.spawn(
            RoomLedger.create(venueId, context.getSelf(), settings.snapshotEvery()), "ledger");
    // Every room's rounds run while it is awake; the nodes' pictures keep a configured room awake
    // (and wake it on its new node after a failover) by asking it every view-refresh.
    timers.startTimerAtFixedRate(Round.INSTANCE, settings.round());
  }

  @Override
  public Receive<RoomCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(LedgerReady.class, this::ready)
        .onMessage(Written.class, this::written)
        .onMessage(RoomCommand.class, command -> state == null, this::waitForRecovery)
        .onMessage(Join.class, this::join)
        .onMessage(GetTicket.class, this::getTicket)
        .onMessage(GetView.class, this::getView)
        .onMessage(Configure.class, this::adminChange)
        .onMessage(Remove.class, this::adminChange)
        .onMessage(Round.class, this::round)
        .build();
  }

  private Behavior<RoomCommand> waitForRecovery(RoomCommand command) {
    if (command instanceof Round) return this;
    if (recovering.isFull()) {
      getContext().getLog().warn("A waiting room's recovery queue is full; a request is dropped");
      return this;
    }
    recovering.stash(command);
    return this;
  }

  /**
   * The ledger recovered: at start, or after a restart caused by a store failure, in which case the
   * write that was in flight may or may not be stored. Its callers get no answer (they time out and
   * ask again; joining again gives the ticket if it was stored); what waited goes on.
   */
  private Behavior<RoomCommand> ready(LedgerReady ready) {
    state = ready.state();
    if (inFlight != null) {
      inFlight = null;
      writingByCustomer.clear();
    }
    Behavior<RoomCommand> next = recovering.unstashAll(this);
    writeNext();
    return next;
  }

  private Behavior<RoomCommand> written(Written written) {
    state = written.state();
    Consumer<RoomState> done = inFlight;
    inFlight = null;
    if (done != null) done.accept(state);
    writeNext();
    return this;
  }

  /** Sends the next write if none is in flight: settings first, then a due round, then joins. */
  private void writeNext() {
    if (inFlight != null || state == null) return;
    RoomCommand change = adminChanges.poll();
    if (change instanceof Configure configure) {
      boolean created = !state.hasRoom();
      write(
          List.of(new RoomEvent.Configured(configure.settings())),
          after -> configure.replyTo().tell(new RoomReply.View(view(after), created)));
      return;
    }
    if (change instanceof Remove remove) {
      if (!state.hasRoom()) {
        remove.replyTo().tell(new RoomReply.Removed(false));
        writeNext();
        return;
      }
      // Joins not yet stored belong to the line being removed.
      pending.forEach(p -> p.command().replyTo().tell(new RoomReply.NoRoom()));
      pending.clear();
      pendingByCustomer.clear();
      write(
          List.of(new RoomEvent.Removed(clock.instant())),
          after -> remove.replyTo().tell(new RoomReply.Removed(true)));
      return;
    }
    if (roundDue) {
      roundDue = false;
      List<RoomEvent> events = roundEvents();
      if (!events.isEmpty()) {
        write(events, after -> {});
        return;
      }
    }
    if (!pending.isEmpty()) writeJoins();
  }

  private void write(List<RoomEvent> events, Consumer<RoomState> whenStored) {
    inFlight = whenStored;
    ledger.tell(new RoomLedger.Write(events, getContext().getSelf()));
  }

  private Behavior<RoomCommand> adminChange(RoomCommand change) {
    adminChanges.add(change);
    writeNext();
    return this;
  }

  private Behavior<RoomCommand> join(Join command) {
    if (!state.hasRoom()) {
      command.replyTo().tell(new RoomReply.NoRoom());
      return this;
    }
    Optional<String> existing = state.ticketOf().get(command.customerId());
    if (existing.isPresent()) {
      RoomState.Ticket ticket = state.tickets().get(existing.get()).orElseThrow();
      command.replyTo().tell(new RoomReply.TicketFound(ticket, view(state), false));
      return this;
    }
    List<Join> writing = writingByCustomer.get(command.customerId());
    if (writing != null) {
      // The same person again while their ticket is being stored: the same ticket, once stored.
      writing.add(command);
      return this;
    }
    RoomEvent.Joined waiting = pendingByCustomer.get(command.customerId());
    if (waiting != null) {
      pending.add(new PendingJoin(command, waiting));
      return this;
    }
    RoomSettings room = state.settings();
    Instant now = clock.instant();
    RoomPhase phase = room.phase(now);
    if (now.isBefore(room.prequeueFrom()) || phase == RoomPhase.PASSTHROUGH) {
      command.replyTo().tell(new RoomReply.NotJoinable(phase, room.prequeueFrom()));
      return this;
    }
    int arrival = state.joined() + writingByCustomer.size() + pendingByCustomer.size();
    if (arrival >= settings.maxTickets()) {
      command.replyTo().tell(new RoomReply.LineFull(settings.maxTickets()));
      return this;
    }
    // The key that orders this ticket among those placed with it: its arrival where the line is
    // first come first served, a random number where it is shuffled.
    long key = room.order() == LineOrder.FIFO ? arrival : RANDOM.nextLong();
    RoomEvent.Joined joined = new RoomEvent.Joined(newTicketId(), command.customerId(), now, key);
    pending.add(new PendingJoin(command, joined));
    pendingByCustomer.put(command.customerId(), joined);
    writeNext();
    return this;
  }

  /**
   * Stores the waiting joins (up to {@code max-joins-per-write} people) in one write. Who joined
   * before the opening is shuffled with the others who did; who joined after is placed behind them,
   * even when both are in this write.
   */
  private void writeJoins() {
    Map<String, List<PendingJoin>> byCustomer = new LinkedHashMap<>();
    for (PendingJoin p : pending) {
      if (byCustomer.size() >= settings.maxJoinsPerWrite()
          && !byCustomer.containsKey(p.command().customerId())) break;
      byCustomer.computeIfAbsent(p.command().customerId(), c -> new ArrayList<>()).add(p);
    }
    pending.removeIf(p -> byCustomer.containsKey(p.command().customerId()));
    byCustomer.keySet().forEach(pendingByCustomer::remove);
    List<RoomEvent.Joined> joins = new ArrayList<>();
    for (List<PendingJoin> asks : byCustomer.values()) {
      joins.add(asks.get(0).event());
      List<Join> commands = new ArrayList<>();
      asks.forEach(p -> commands.add(p.command()));
      writingByCustomer.put(asks.get(0).command().customerId(), commands);
    }
    List<RoomEvent> events = new ArrayList<>();
    Instant opensAt = state.settings().opensAt();
    if (!state.opened() && !clock.instant().isBefore(opensAt)) {
      for (RoomEvent.Joined j : joins) if (j.at().isBefore(opensAt)) events.add(j);
      events.add(new RoomEvent.Placed(clock.instant()));
      for (RoomEvent.Joined j : joins) if (!j.at().isBefore(opensAt)) events.add(j);
    } else {
      events.addAll(joins);
    }
    write(
        events,
        after -> {
          RoomView view = view(after);
          for (RoomEvent.Joined j : joins) {
            RoomState.Ticket ticket = after.tickets().get(j.ticketId()).orElseThrow();
            List<Join> asks = writingByCustomer.remove(j.customerId());
            for (int i = 0; i < asks.size(); i++) {
              // The first to ask made the ticket; a second ask of the same person gets it back.
              asks.get(i).replyTo().tell(new RoomReply.TicketFound(ticket, view, i == 0));
            }
          }
        });
  }

  private Behavior<RoomCommand> getTicket(GetTicket command) {
    if (!state.hasRoom()) {
      command.replyTo().tell(new RoomReply.NoRoom());
      return this;
    }
    Optional<RoomState.Ticket> ticket = state.tickets().get(command.ticketId());
    command
        .replyTo()
        .tell(
            ticket.isPresent()
                ? new RoomReply.TicketFound(ticket.get(), view(state), false)
                : new RoomReply.NoTicket());
    return this;
  }

  private Behavior<RoomCommand> getView(GetView command) {
    command
        .replyTo()
        .tell(state.hasRoom() ? new RoomReply.View(view(state), false) : new RoomReply.NoRoom());
    return this;
  }

  /** A round is decided when no write is in flight: now, or right after the write. */
  private Behavior<RoomCommand> round(Round round) {
    roundDue = true;
    writeNext();
    return this;
  }

  /**
   * The room's round: at the opening everyone who joined before it is placed in line (in the random
   * order of their keys); with {@link LineOrder#RANDOM} the arrivals since the last round too; then
   * as many are admitted as {@link AdmissionRules} allows.
   */
  private List<RoomEvent> roundEvents() {
    if (!state.hasRoom()) return List.of();
    RoomSettings room = state.settings();
    Instant now = clock.instant();
    // A round's share of the rate is for the time since the previous round (a late round after a
    // failover catches up, within the windows' bounds).
    Duration since =
        lastRound == null || !lastRound.isBefore(now)
            ? settings.round()
            : Duration.between(lastRound, now);
    lastRound = now;
    if (room.phase(now) != RoomPhase.QUEUEING) return List.of();
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
    return events;
  }

  private RoomView view(RoomState of) {
    return RoomView.of(of, clock.instant(), node);
  }

  private static String newTicketId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
