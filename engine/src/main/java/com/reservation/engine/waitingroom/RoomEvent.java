package com.reservation.engine.waitingroom;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;

/** What a waiting room stores. */
public sealed interface RoomEvent extends CborSerializable {

  /** The room's settings, the first time or changed. */
  record Configured(RoomSettings settings) implements RoomEvent {}

  /**
   * {@code customerId} joined and holds {@code ticketId}. {@code key} orders those placed together
   * (random where the order is random, the arrival number where it is first come first served): it
   * is decided here, once, so a recovery places everyone exactly as before.
   */
  record Joined(String ticketId, String customerId, Instant at, long key) implements RoomEvent {}

  /**
   * Everyone not yet in the line was placed at its end, in the order of their keys: the opening
   * (and, with {@link LineOrder#RANDOM}, each round after it).
   */
  record Placed(Instant at) implements RoomEvent {}

  /** The next {@code count} people in line were admitted at {@code at}, until {@code expiresAt}. */
  record Admitted(int count, Instant at, Instant expiresAt) implements RoomEvent {}

  /** The room was removed: its line and tickets are gone; a new room starts a new line. */
  record Removed(Instant at) implements RoomEvent {}
}
