package com.reservation.engine.waitingroom;

import akka.actor.typed.ActorRef;
import com.reservation.engine.serialization.CborSerializable;

/** What a waiting room is asked. */
public sealed interface RoomCommand extends CborSerializable {

  /** Sets the room's settings (creates the room the first time). */
  record Configure(RoomSettings settings, ActorRef<RoomReply> replyTo) implements RoomCommand {}

  /** Removes the room with its line. */
  record Remove(ActorRef<RoomReply> replyTo) implements RoomCommand {}

  /** {@code customerId} joins the line, or is given back their ticket. */
  record Join(String customerId, ActorRef<RoomReply> replyTo) implements RoomCommand {}

  /** A ticket and the room's numbers. */
  record GetTicket(String ticketId, ActorRef<RoomReply> replyTo) implements RoomCommand {}

  /** The room's numbers, for a node's picture of it. */
  record GetView(ActorRef<RoomReply> replyTo) implements RoomCommand {}

  /** The room's round: the opening's placement, then admissions at the rate. */
  enum Round implements RoomCommand {
    INSTANCE
  }

  /** Stores the joins that arrived since the last store, together. */
  enum Flush implements RoomCommand {
    INSTANCE
  }
}
