package com.reservation.engine.events;

import com.reservation.engine.journal.TagOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the pull feed: the journal position of an event (writing transaction, ordering) and
 * the index of the last fact of it already returned, so a page that stops inside an event (its
 * {@code limit} reached) resumes there; {@link #WHOLE_EVENT} when the whole event is behind.
 * Clients treat its text form as opaque: {@code "{txid}-{ordering}-{factIndex}"}.
 */
public record FeedPosition(long txid, long ordering, int factIndex) {
  /** The fact index of a position after the whole event. */
  public static final int WHOLE_EVENT = -1;

  /** Before every event. */
  public static final FeedPosition START = new FeedPosition(0, 0, WHOLE_EVENT);

  private static final Pattern TEXT = Pattern.compile("(\\d{1,19})-(\\d{1,19})-(-1|\\d{1,9})");

  public TagOffset journalPosition() {
    return new TagOffset(txid, ordering);
  }

  public String format() {
    return txid + "-" + ordering + "-" + factIndex;
  }

  /** Parses a position a client sent back; empty when it is not one. */
  public static Optional<FeedPosition> parse(String text) {
    if (text == null) return Optional.empty();
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) return Optional.empty();
    try {
      return Optional.of(
          new FeedPosition(
              Long.parseLong(m.group(1)),
              Long.parseLong(m.group(2)),
              Integer.parseInt(m.group(3))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
