package com.reservation.engine.waitingroom;

import com.reservation.engine.serialization.CborSerializable;
import com.reservation.engine.slot.rules.PersistentMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A room's line: its tickets, who is placed in line at which index, how far admissions have gone
 * (the frontier: every index below it was admitted, in order) and the admissions that have not yet
 * expired. Immutable with cheap updates: a line of 50,000 is not copied per join.
 *
 * @param settings null when the venue has no room
 * @param tickets by ticket id
 * @param ticketOf each customer's ticket id
 * @param unplaced tickets not yet in line (before the opening; with {@link LineOrder#RANDOM}, those
 *     of the round to come)
 * @param joined tickets ever issued (the next ticket's arrival number)
 * @param placed tickets in line (the next placed ticket's index)
 * @param frontier tickets admitted: indices below it
 * @param opened whether the opening's placement has happened
 * @param admissions admissions not yet expired when the last one was stored, oldest first
 */
public record RoomState(
    RoomSettings settings,
    PersistentMap<String, Ticket> tickets,
    PersistentMap<String, String> ticketOf,
    PersistentMap<String, Ticket> unplaced,
    int joined,
    int placed,
    int frontier,
    boolean opened,
    List<AdmissionBatch> admissions) {

  public static final RoomState EMPTY =
      new RoomState(
          null,
          PersistentMap.empty(),
          PersistentMap.empty(),
          PersistentMap.empty(),
          0,
          0,
          0,
          false,
          List.of());

  /**
   * One ticket.
   *
   * @param index its place in line from 0, or -1 while not yet placed
   */
  public record Ticket(
      String ticketId, String customerId, Instant joinedAt, long key, int arrival, int index)
      implements CborSerializable {
    Ticket placedAt(int newIndex) {
      return new Ticket(ticketId, customerId, joinedAt, key, arrival, newIndex);
    }

    public boolean isPlaced() {
      return index >= 0;
    }
  }

  /**
   * The people at indices {@code from} (inclusive) to {@code to} (exclusive), admitted together.
   */
  public record AdmissionBatch(int from, int to, Instant at, Instant expiresAt)
      implements CborSerializable {
    public int count() {
      return to - from;
    }
  }

  private static final Comparator<Ticket> PLACEMENT =
      Comparator.comparingLong(Ticket::key).thenComparingInt(Ticket::arrival);

  public boolean hasRoom() {
    return settings != null;
  }

  public RoomState apply(RoomEvent event) {
    if (event instanceof RoomEvent.Configured c) {
      return new RoomState(
          c.settings(), tickets, ticketOf, unplaced, joined, placed, frontier, opened, admissions);
    }
    if (event instanceof RoomEvent.Joined j) return joined(j);
    if (event instanceof RoomEvent.Placed) return placeUnplaced();
    if (event instanceof RoomEvent.Admitted a) return admitted(a);
    return EMPTY; // Removed
  }

  private RoomState joined(RoomEvent.Joined j) {
    boolean placeNow = opened && settings.order() != LineOrder.RANDOM;
    Ticket ticket =
        new Ticket(j.ticketId(), j.customerId(), j.at(), j.key(), joined, placeNow ? placed : -1);
    return new RoomState(
        settings,
        tickets.with(j.ticketId(), ticket),
        ticketOf.with(j.customerId(), j.ticketId()),
        placeNow ? unplaced : unplaced.with(j.ticketId(), ticket),
        joined + 1,
        placeNow ? placed + 1 : placed,
        frontier,
        opened,
        admissions);
  }

  /** Everyone unplaced goes to the end of the line, ordered by key (then arrival). */
  private RoomState placeUnplaced() {
    List<Ticket> round = new ArrayList<>(unplaced.asJava().values());
    round.sort(PLACEMENT);
    PersistentMap<String, Ticket> next = tickets;
    int index = placed;
    for (Ticket ticket : round) next = next.with(ticket.ticketId(), ticket.placedAt(index++));
    return new RoomState(
        settings, next, ticketOf, PersistentMap.empty(), joined, index, frontier, true, admissions);
  }

  private RoomState admitted(RoomEvent.Admitted a) {
    List<AdmissionBatch> kept = new ArrayList<>(admissions.size() + 1);
    // Expired admissions are dropped: the rate is decided over the last minute, and an admission
    // lasts at least one, so what is dropped never counts again.
    for (AdmissionBatch batch : admissions) if (batch.expiresAt().isAfter(a.at())) kept.add(batch);
    kept.add(new AdmissionBatch(frontier, frontier + a.count(), a.at(), a.expiresAt()));
    return new RoomState(
        settings,
        tickets,
        ticketOf,
        unplaced,
        joined,
        placed,
        frontier + a.count(),
        opened,
        List.copyOf(kept));
  }

  /** The form snapshots store. */
  public Stored stored() {
    return new Stored(
        settings,
        new ArrayList<>(tickets.asJava().values()),
        joined,
        placed,
        frontier,
        opened,
        admissions);
  }

  public static RoomState of(Stored stored) {
    PersistentMap.Builder<String, Ticket> byId = PersistentMap.builder();
    PersistentMap.Builder<String, String> byCustomer = PersistentMap.builder();
    PersistentMap.Builder<String, Ticket> notPlaced = PersistentMap.builder();
    for (Ticket ticket : stored.tickets()) {
      byId.put(ticket.ticketId(), ticket);
      byCustomer.put(ticket.customerId(), ticket.ticketId());
      if (!ticket.isPlaced()) notPlaced.put(ticket.ticketId(), ticket);
    }
    return new RoomState(
        stored.settings(),
        byId.build(),
        byCustomer.build(),
        notPlaced.build(),
        stored.joined(),
        stored.placed(),
        stored.frontier(),
        stored.opened(),
        stored.admissions());
  }

  /** A room's snapshot. */
  public record Stored(
      RoomSettings settings,
      List<Ticket> tickets,
      int joined,
      int placed,
      int frontier,
      boolean opened,
      List<AdmissionBatch> admissions)
      implements CborSerializable {
    public Stored {
      tickets = tickets == null ? List.of() : List.copyOf(tickets);
      admissions = admissions == null ? List.of() : List.copyOf(admissions);
    }
  }
}
