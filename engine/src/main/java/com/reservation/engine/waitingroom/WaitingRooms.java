package com.reservation.engine.waitingroom;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import com.reservation.engine.metrics.EngineMetrics;
import com.reservation.engine.store.ClusterSecrets;
import com.reservation.engine.store.Jdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's side of the waiting rooms: which venues have one (read from the table every {@code
 * directory-refresh}), a picture of each room's numbers (asked of the room every {@code
 * view-refresh}) and the tickets this node has seen. A poll of a known ticket is answered from
 * these in memory; admissions are checked from the token alone. What changes a line (joins, the
 * settings, the rounds) goes to the venue's {@link WaitingRoom}, wherever it lives.
 */
public final class WaitingRooms {
  private static final Logger log = LoggerFactory.getLogger(WaitingRooms.class);

  /** What joining gave. */
  public sealed interface Joining {}

  /** A ticket: new ({@code created}) or the one the customer already had. */
  public record Joined(TicketView ticket, boolean created) implements Joining {}

  /** The venue has no room. */
  public record NoRoom() implements Joining {}

  /** The room takes no one now (before {@code prequeueFrom}, or after it closed). */
  public record NotJoinable(RoomPhase phase, Instant prequeueFrom) implements Joining {}

  /** The line is full. */
  public record LineFull(int maxTickets) implements Joining {}

  /** A room as admins see it. */
  public record RoomStatus(
      String venueId,
      RoomSettings settings,
      RoomPhase phase,
      int waiting,
      int admitted,
      int active,
      long estimatedWaitSeconds,
      boolean created) {}

  private final ClusterSharding sharding;
  private final RoomTable table;
  private final AdmissionTokens tokens;
  private final WaitingRoomSettings settings;
  private final Duration askTimeout;
  private final Clock clock;
  private final Map<String, RoomSettings> directory = new ConcurrentHashMap<>();

  /** When this node last changed a venue's row: a refresh read before it does not undo it. */
  private final Map<String, Instant> changedHere = new ConcurrentHashMap<>();

  private final Map<String, RoomView> views = new ConcurrentHashMap<>();
  private final Map<String, Map<String, RoomState.Ticket>> known = new ConcurrentHashMap<>();
  private final Counter refusals;

  private WaitingRooms(
      ActorSystem<?> system,
      RoomTable table,
      AdmissionTokens tokens,
      WaitingRoomSettings settings,
      Duration askTimeout,
      Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.table = table;
    this.tokens = tokens;
    this.settings = settings;
    this.askTimeout = askTimeout;
    this.clock = clock;
    MeterRegistry meters = EngineMetrics.get(system).meters();
    this.refusals =
        Counter.builder("reservation.waiting.room.admission.refused")
            .description("Bookings, holds and waitlist joins refused for want of an admission")
            .register(meters);
    gauge(meters, "reservation.waiting.room.waiting", "People in line", RoomView::waiting);
    gauge(meters, "reservation.waiting.room.admitted", "People admitted", RoomView::frontier);
    gauge(
        meters,
        "reservation.waiting.room.active",
        "Admitted people whose admission has not expired",
        view -> view.active(clock.instant()));
    gauge(
        meters,
        "reservation.waiting.room.admitted.last.minute",
        "Admissions over the last minute (the rate)",
        view ->
            AdmissionRules.admittedSince(
                view.admissions(), clock.instant().minus(AdmissionRules.MINUTE)));
  }

  private void gauge(
      MeterRegistry meters, String name, String description, ToIntFunction<RoomView> of) {
    Gauge.builder(name, views, all -> all.values().stream().mapToInt(of).sum())
        .description(description + ", over the rooms this node sees")
        .register(meters);
  }

  /**
   * Starts waiting rooms on this node: the signing key (made by the first node), the rooms'
   * sharding, the directory read once before this returns (so a node never lets a booking through a
   * room it has not yet read), then the refreshes.
   */
  public static WaitingRooms start(
      ActorSystem<?> system,
      DataSource dataSource,
      Executor jdbc,
      WaitingRoomSettings settings,
      Duration askTimeout,
      Clock clock) {
    byte[] key =
        Jdbc.withConnection(
            dataSource, c -> ClusterSecrets.key(c, ClusterSecrets.ADMISSION_SIGNING));
    WaitingRoom.init(system, settings, clock);
    RoomTable table = new RoomTable(dataSource, jdbc);
    WaitingRooms rooms =
        new WaitingRooms(system, table, new AdmissionTokens(key), settings, askTimeout, clock);
    rooms.directory.putAll(table.all());
    system
        .scheduler()
        .scheduleAtFixedRate(
            settings.directoryRefresh(),
            settings.directoryRefresh(),
            rooms::refreshDirectory,
            system.executionContext());
    system
        .scheduler()
        .scheduleAtFixedRate(
            Duration.ZERO, settings.viewRefresh(), rooms::refreshViews, system.executionContext());
    return rooms;
  }

  private void refreshDirectory() {
    table
        .allAsync()
        .whenComplete(
            (rooms, failure) -> {
              if (failure != null) {
                // The rooms stay as last read; the next refresh tries again.
                log.warn("Could not read the waiting rooms: {}", failure.toString());
                return;
              }
              Instant recent = clock.instant().minus(settings.directoryRefresh().multipliedBy(3));
              changedHere.values().removeIf(at -> at.isBefore(recent));
              for (Map.Entry<String, RoomSettings> room : rooms.entrySet()) {
                if (!changedHere.containsKey(room.getKey()))
                  directory.put(room.getKey(), room.getValue());
              }
              for (String venueId : directory.keySet()) {
                if (!rooms.containsKey(venueId) && !changedHere.containsKey(venueId))
                  forget(venueId);
              }
            });
  }

  private void forget(String venueId) {
    directory.remove(venueId);
    views.remove(venueId);
    known.remove(venueId);
  }

  /** Asks every room for its numbers; this also wakes a room on its new node after a failover. */
  private void refreshViews() {
    for (String venueId : directory.keySet()) {
      room(venueId)
          .<RoomReply>ask(RoomCommand.GetView::new, askTimeout)
          .whenComplete(
              (reply, failure) -> {
                if (reply instanceof RoomReply.View v) seen(venueId, v.view());
              });
    }
  }

  private EntityRef<RoomCommand> room(String venueId) {
    return sharding.entityRefFor(WaitingRoom.ENTITY_KEY, venueId);
  }

  private void seen(String venueId, RoomView view) {
    if (!directory.containsKey(venueId)) return; // removed meanwhile
    views.merge(venueId, view, (old, fresh) -> fresh.at().isBefore(old.at()) ? old : fresh);
  }

  /** Sets a venue's room (creating it the first time); stored before this completes. */
  public CompletionStage<RoomStatus> configure(String venueId, RoomSettings room) {
    return room(venueId)
        .<RoomReply>ask(replyTo -> new RoomCommand.Configure(room, replyTo), askTimeout)
        .thenCompose(
            reply -> {
              RoomReply.View configured = (RoomReply.View) reply;
              return table
                  .put(venueId, room)
                  .thenApply(
                      done -> {
                        changedHere.put(venueId, clock.instant());
                        directory.put(venueId, room);
                        seen(venueId, configured.view());
                        return status(venueId, configured.view(), configured.created());
                      });
            });
  }

  /**
   * Removes a venue's room: bookings pass freely at once on this node, and on the others within
   * {@code directory-refresh}. False when there was none.
   */
  public CompletionStage<Boolean> remove(String venueId) {
    return table
        .remove(venueId)
        .thenCompose(
            done -> {
              boolean known = directory.containsKey(venueId);
              changedHere.put(venueId, clock.instant());
              forget(venueId);
              return room(venueId)
                  .<RoomReply>ask(RoomCommand.Remove::new, askTimeout)
                  .thenApply(reply -> known || ((RoomReply.Removed) reply).existed());
            });
  }

  /** The room's settings and numbers as of now (asked of the room). */
  public CompletionStage<Optional<RoomStatus>> status(String venueId) {
    return room(venueId)
        .<RoomReply>ask(RoomCommand.GetView::new, askTimeout)
        .thenApply(
            reply -> {
              if (!(reply instanceof RoomReply.View v)) return Optional.empty();
              seen(venueId, v.view());
              return Optional.of(status(venueId, v.view(), false));
            });
  }

  private RoomStatus status(String venueId, RoomView view, boolean created) {
    Instant now = clock.instant();
    RoomSettings room = view.settings();
    return new RoomStatus(
        venueId,
        room,
        room.phase(now),
        view.waiting(),
        view.frontier(),
        view.active(now),
        AdmissionRules.secondsFor(room, view.waiting()),
        created);
  }

  /** {@code customerId} joins the venue's line, or gets back the ticket they have. */
  public CompletionStage<Joining> join(String venueId, String customerId) {
    return room(venueId)
        .<RoomReply>ask(replyTo -> new RoomCommand.Join(customerId, replyTo), askTimeout)
        .thenApply(
            reply -> {
              if (reply instanceof RoomReply.TicketFound found) {
                return new Joined(ticketFrom(venueId, found), found.created());
              }
              if (reply instanceof RoomReply.NotJoinable no) {
                return new NotJoinable(no.phase(), no.prequeueFrom());
              }
              if (reply instanceof RoomReply.LineFull full) return new LineFull(full.maxTickets());
              return new NoRoom();
            });
  }

  /**
   * A ticket as of now: from memory when this node knows the ticket and the room's numbers tell
   * where it stands, else asked of the room once (and then known). Empty when there is no such
   * ticket or room.
   */
  public CompletionStage<Optional<TicketView>> ticket(String venueId, String ticketId) {
    RoomView view = views.get(venueId);
    Map<String, RoomState.Ticket> tickets = known.get(venueId);
    RoomState.Ticket ticket = tickets == null ? null : tickets.get(ticketId);
    if (view != null && ticket != null) {
      TicketView answer = TicketView.of(ticket, view, venueId, clock.instant(), tokens);
      if (answer != null) return CompletableFuture.completedFuture(Optional.of(answer));
    }
    return room(venueId)
        .<RoomReply>ask(replyTo -> new RoomCommand.GetTicket(ticketId, replyTo), askTimeout)
        .thenApply(
            reply ->
                reply instanceof RoomReply.TicketFound found
                    ? Optional.of(ticketFrom(venueId, found))
                    : Optional.empty());
  }

  private TicketView ticketFrom(String venueId, RoomReply.TicketFound found) {
    seen(venueId, found.view());
    if (directory.containsKey(venueId)) {
      known
          .computeIfAbsent(venueId, v -> new ConcurrentHashMap<>())
          .put(found.ticket().ticketId(), found.ticket());
    }
    TicketView answer =
        TicketView.of(found.ticket(), found.view(), venueId, clock.instant(), tokens);
    // The room's own numbers always place a ticket it has placed; null only for one it has not.
    return answer != null
        ? answer
        : new TicketView(
            found.ticket().ticketId(),
            found.ticket().customerId(),
            TicketState.WAITING,
            found.view().waiting(),
            AdmissionRules.secondsFor(found.view().settings(), found.view().waiting()),
            found.view().settings().opensAt(),
            null,
            null);
  }

  /**
   * Whether a booking, hold or waitlist entry of {@code customerId} at {@code venueId} may go on:
   * yes where the venue has no room or its room lets everyone through, else only with a valid
   * admission token of that customer there. Memory only.
   */
  public boolean admits(String venueId, String customerId, String token) {
    RoomSettings room = directory.get(venueId);
    if (room == null) return true;
    Instant now = clock.instant();
    if (room.phase(now) == RoomPhase.PASSTHROUGH) return true;
    if (token != null && tokens.admits(token, venueId, customerId, now)) return true;
    refusals.increment();
    return false;
  }

  /** Whether the venue has a room that is not letting everyone through (this node's knowledge). */
  public boolean guards(String venueId) {
    RoomSettings room = directory.get(venueId);
    return room != null && room.phase(clock.instant()) != RoomPhase.PASSTHROUGH;
  }
}
