package com.reservation.engine.slot.api;

import akka.actor.typed.ActorRef;

/**
 * A reply due to one caller, typed by what the caller's {@code replyTo} accepts, so a decision can
 * be answered only with a message its caller understands. Sent once the decision's write is
 * durable.
 */
public record Answer<T>(ActorRef<T> to, T message) {
  public static <T> Answer<T> of(ActorRef<T> to, T message) {
    return new Answer<>(to, message);
  }

  public void send() {
    to.tell(message);
  }
}
