package com.reservation.engine.journal;

import akka.serialization.Serialization;

/**
 * Turns a stored event's bytes into what a reader wants of it. Most readers want the whole event
 * ({@link #akka}); a reader that needs a small part of every event can decode only that part.
 */
@FunctionalInterface
public interface EventDecoder<E> {
  E decode(byte[] payload, int serializerId, String manifest);

  /** The whole event, as Akka serialization reads it. */
  static <E> EventDecoder<E> akka(Serialization serialization, Class<E> type) {
    return (payload, serializerId, manifest) ->
        type.cast(serialization.deserialize(payload, serializerId, manifest).get());
  }
}
