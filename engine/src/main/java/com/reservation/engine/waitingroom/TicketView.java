package com.reservation.engine.waitingroom;

import java.time.Duration;
import java.time.Instant;

/**
 * A ticket as its holder sees it.
 *
 * @param position 1 + people ahead while {@link TicketState#WAITING}, else null
 * @param admission the token while {@link TicketState#ADMITTED}, else null
 * @param admissionExpiresAt while {@link TicketState#ADMITTED}, else null
 */
public record TicketView(
    String ticketId,
    String customerId,
    TicketState state,
    Integer position,
    long estimatedWaitSeconds,
    Instant opensAt,
    String admission,
    Instant admissionExpiresAt) {

  /**
   * The ticket at {@code now} from the room's numbers {@code view}; null when the view cannot tell
   * (the ticket was placed after the view was taken: ask the room).
   */
  static TicketView of(
      RoomState.Ticket ticket, RoomView view, String venueId, Instant now, AdmissionTokens tokens) {
    RoomSettings room = view.settings();
    if (!ticket.isPlaced()) {
      if (!view.opened()) {
        // Before the opening nobody has a place; the wait is the time to the opening plus that of
        // the middle of the line (everyone who joined before is shuffled).
        long toOpening = Math.max(0, Duration.between(now, room.opensAt()).toSeconds());
        return new TicketView(
            ticket.ticketId(),
            ticket.customerId(),
            TicketState.PREQUEUED,
            null,
            toOpening + AdmissionRules.secondsFor(room, (view.joined() + 1) / 2),
            room.opensAt(),
            null,
            null);
      }
      if (room.order() != LineOrder.RANDOM) return null;
      // Placed at the next round among this round's arrivals: at worst behind all of them.
      int atWorst = view.waiting();
      return waiting(ticket, room, atWorst);
    }
    if (ticket.index() >= view.frontier()) {
      return waiting(ticket, room, ticket.index() - view.frontier() + 1);
    }
    RoomState.AdmissionBatch admission = view.admissionOf(ticket.index());
    if (admission == null || !admission.expiresAt().isAfter(now)) {
      return new TicketView(
          ticket.ticketId(),
          ticket.customerId(),
          TicketState.EXPIRED,
          null,
          0,
          room.opensAt(),
          null,
          null);
    }
    return new TicketView(
        ticket.ticketId(),
        ticket.customerId(),
        TicketState.ADMITTED,
        null,
        0,
        room.opensAt(),
        tokens.sign(venueId, ticket.customerId(), admission.expiresAt()),
        admission.expiresAt());
  }

  private static TicketView waiting(RoomState.Ticket ticket, RoomSettings room, int position) {
    return new TicketView(
        ticket.ticketId(),
        ticket.customerId(),
        TicketState.WAITING,
        position,
        AdmissionRules.secondsFor(room, position),
        room.opensAt(),
        null,
        null);
  }
}
