package com.reservation.engine.journal;

import java.util.function.Supplier;

/**
 * One event read by tag, with where it is in the tag and in its entity's history.
 *
 * <p>The event is decoded when first asked for: a consumer that needs only positions (the webhook
 * outbox while no webhook is registered) never pays for deserializing the events it passes.
 */
public final class TaggedEvent<E> {
  private final TagOffset offset;
  private final String persistenceId;
  private final long sequenceNr;
  private final long timestamp;
  private Supplier<E> decode;
  private E event;

  public TaggedEvent(
      TagOffset offset, String persistenceId, long sequenceNr, Supplier<E> event, long timestamp) {
    this.offset = offset;
    this.persistenceId = persistenceId;
    this.sequenceNr = sequenceNr;
    this.decode = event;
    this.timestamp = timestamp;
  }

  /** An event already decoded. */
  public static <E> TaggedEvent<E> of(
      TagOffset offset, String persistenceId, long sequenceNr, E event, long timestamp) {
    return new TaggedEvent<>(offset, persistenceId, sequenceNr, () -> event, timestamp);
  }

  public TagOffset offset() {
    return offset;
  }

  public String persistenceId() {
    return persistenceId;
  }

  public long sequenceNr() {
    return sequenceNr;
  }

  /** The event, decoded on first use (a failure to decode is thrown here, to its consumer). */
  public synchronized E event() {
    if (decode != null) {
      event = decode.get();
      decode = null;
    }
    return event;
  }

  public long timestamp() {
    return timestamp;
  }

  @Override
  public String toString() {
    return "TaggedEvent[" + persistenceId + "#" + sequenceNr + " at " + offset + "]";
  }
}
