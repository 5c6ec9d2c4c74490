package com.reservation.engine.slot.storage;

import com.reservation.engine.serialization.CborSerializable;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.Booking;
import com.reservation.engine.slot.rules.HistorySettings;
import com.reservation.engine.slot.rules.Hold;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.rules.WaitlistEntry;
import java.util.List;

/**
 * The stored form of a {@link SlotState}: bookings, holds and waitlist entries as lists, from which
 * the indexes and orders are rebuilt. Snapshots written before holds existed lack the last four:
 * they read as empty.
 *
 * @param nextEntrySeq the place the next waitlist entry takes in line
 * @param waitlistFirstFit the waitlist policy the slot follows (see {@code SlotFact.Joined})
 */
public record SlotSnapshot(
    SlotDefinition definition,
    int capacity,
    boolean adminClosed,
    List<Booking> bookings,
    List<Hold> holds,
    List<WaitlistEntry> waitlist,
    long nextEntrySeq,
    boolean waitlistFirstFit)
    implements CborSerializable {
  public SlotSnapshot {
    bookings = bookings == null ? List.of() : List.copyOf(bookings);
    holds = holds == null ? List.of() : List.copyOf(holds);
    waitlist = waitlist == null ? List.of() : List.copyOf(waitlist);
  }

  /** The stored form of {@code state}. */
  public static SlotSnapshot of(SlotState state) {
    // No sorting: the order is irrelevant (the indexes and orders are rebuilt from the records' own
    // fields).
    return new SlotSnapshot(
        state.definition(),
        state.capacity(),
        state.adminClosed(),
        state.allBookings(),
        state.allHolds(),
        state.waitlist().all(),
        state.waitlist().nextSeq(),
        state.waitlist().firstFit());
  }

  /** The state this snapshot was taken of, keeping everything it ended. */
  public SlotState toState() {
    return toState(HistorySettings.UNBOUNDED);
  }

  /**
   * The state this snapshot was taken of, keeping what ended within {@code history}'s bounds (as
   * the slot that took it did, unless the bounds were lowered since).
   */
  public SlotState toState(HistorySettings history) {
    return SlotState.restore(
        definition,
        capacity,
        adminClosed,
        bookings,
        holds,
        waitlist,
        nextEntrySeq,
        waitlistFirstFit,
        history);
  }
}
