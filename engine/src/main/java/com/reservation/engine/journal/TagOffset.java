package com.reservation.engine.journal;

/**
 * A position in one tag's events: the writing transaction's id, then the event's {@code ordering}.
 * Events are read in this order and only from transactions that have all ended, so a position never
 * skips an event that commits later (see {@link EventsByTag}). Stored by projections as text,
 * {@code "txid:ordering"}.
 */
public record TagOffset(long txid, long ordering) implements Comparable<TagOffset> {
  /** Before every event. */
  public static final TagOffset START = new TagOffset(0, 0);

  public static TagOffset parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) throw new IllegalArgumentException("not a tag offset: " + text);
    return new TagOffset(
        Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
  }

  public String format() {
    return txid + ":" + ordering;
  }

  @Override
  public int compareTo(TagOffset other) {
    int byTxid = Long.compare(txid, other.txid);
    return byTxid != 0 ? byTxid : Long.compare(ordering, other.ordering);
  }
}
