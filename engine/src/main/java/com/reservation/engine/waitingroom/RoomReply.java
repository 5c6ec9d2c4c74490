package com.reservation.engine.waitingroom;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;

/** What a waiting room answers. */
public sealed interface RoomReply extends CborSerializable {

  /** A ticket (new when {@code created}) with the room's numbers as of the answer. */
  record TicketFound(RoomState.Ticket ticket, RoomView view, boolean created)
      implements RoomReply {}

  /** The room's numbers; {@code created} when a {@code Configure} made the room. */
  record View(RoomView view, boolean created) implements RoomReply {}

  /** The venue has no room. */
  record NoRoom() implements RoomReply {}

  /** The room has no such ticket. */
  record NoTicket() implements RoomReply {}

  /**
   * The room takes no one now: before {@code prequeueFrom}, or after {@code closesAt} (bookings
   * pass freely then).
   */
  record NotJoinable(RoomPhase phase, Instant prequeueFrom) implements RoomReply {}

  /** The line holds as many tickets as a room may. */
  record LineFull(int maxTickets) implements RoomReply {}

  /** The room was removed. */
  record Removed(boolean existed) implements RoomReply {}
}
