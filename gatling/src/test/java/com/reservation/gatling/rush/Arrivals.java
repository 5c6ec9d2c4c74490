package com.reservation.gatling.rush;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each arrival of the rush saw, by arrival number (the order the load generator sent the joins
 * in): when its join was sent and answered, its status and the ticket's state then (the node's own
 * word on whether it joined before the opening), how many polls it made, when it was admitted (the
 * ticket's {@code admissionExpiresAt} minus the TTL, to the millisecond) and when a poll first saw
 * it, and the booking's status. Each arrival's fields are written by its one virtual user; atomic
 * arrays make them visible to the thread that writes the file.
 */
public final class Arrivals {
  /** Ticket states as numbers; index = code. */
  static final List<String> STATES =
      List.of("", "PREQUEUED", "WAITING", "ADMITTED", "EXPIRED", "OTHER");

  private final int size;
  private final AtomicLongArray joinSent;
  private final AtomicLongArray joinAnswered;
  private final AtomicIntegerArray joinStatus;
  private final AtomicIntegerArray joinState;
  private final AtomicIntegerArray polls;
  private final AtomicLongArray admittedAt;
  private final AtomicLongArray seenAdmittedAt;
  private final AtomicIntegerArray bookStatus;
  private final AtomicIntegerArray lastState;
  private final LongAdder joined = new LongAdder();
  private final LongAdder admitted = new LongAdder();
  private final LongAdder booked = new LongAdder();

  public Arrivals(int size) {
    this.size = size;
    joinSent = new AtomicLongArray(size);
    joinAnswered = new AtomicLongArray(size);
    joinStatus = new AtomicIntegerArray(size);
    joinState = new AtomicIntegerArray(size);
    polls = new AtomicIntegerArray(size);
    admittedAt = new AtomicLongArray(size);
    seenAdmittedAt = new AtomicLongArray(size);
    bookStatus = new AtomicIntegerArray(size);
    lastState = new AtomicIntegerArray(size);
  }

  static int stateCode(String state) {
    if (state == null || state.isEmpty()) return 0;
    int code = STATES.indexOf(state);
    return code > 0 ? code : STATES.size() - 1;
  }

  public void joinSent(int i, long epochMillis) {
    joinSent.set(i, epochMillis);
  }

  /** The join's answer: status (0: none) and the ticket's state (null: no ticket). */
  public void joined(int i, long epochMillis, int status, String state) {
    joinAnswered.set(i, epochMillis);
    joinStatus.set(i, status);
    joinState.set(i, stateCode(state));
    lastState.set(i, stateCode(state));
    if (state != null) joined.increment();
  }

  public void polled(int i, String state) {
    polls.incrementAndGet(i);
    lastState.set(i, stateCode(state));
  }

  /**
   * Seen admitted: {@code admittedAt} from the token's expiry (0 when the ticket had none), {@code
   * seenAt} when this client first saw it.
   */
  public void admitted(int i, long admittedAtMillis, long seenAtMillis) {
    admittedAt.set(i, admittedAtMillis);
    seenAdmittedAt.set(i, seenAtMillis);
    lastState.set(i, stateCode("ADMITTED"));
    admitted.increment();
  }

  public void booked(int i, int status) {
    bookStatus.set(i, status);
    if (status == 201) booked.increment();
  }

  public long joinedCount() {
    return joined.sum();
  }

  public long admittedCount() {
    return admitted.sum();
  }

  public long bookedCount() {
    return booked.sum();
  }

  /** One line per arrival that was started (the first {@code started}), with a header. */
  public void write(Path file, int started, String customerPrefix) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(
            "arrival,customer,join_sent_ms,join_answered_ms,join_status,join_state,polls,"
                + "admitted_ms,seen_admitted_ms,book_status,last_state\n");
        for (int i = 0; i < Math.min(started, size); i++) {
          out.write(
              i
                  + ","
                  + customerPrefix
                  + i
                  + ","
                  + joinSent.get(i)
                  + ","
                  + joinAnswered.get(i)
                  + ","
                  + joinStatus.get(i)
                  + ","
                  + STATES.get(joinState.get(i))
                  + ","
                  + polls.get(i)
                  + ","
                  + admittedAt.get(i)
                  + ","
                  + seenAdmittedAt.get(i)
                  + ","
                  + bookStatus.get(i)
                  + ","
                  + STATES.get(lastState.get(i))
                  + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
