package com.reservation.engine.waitingroom;

import com.reservation.engine.serialization.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * The few numbers of a room every node holds (refreshed about once a second), from which it answers
 * a ticket's position, estimated wait and admission without asking the room: with a ticket's index,
 * {@code frontier} says whether it was admitted and {@code admissions} until when.
 *
 * @param at when the room took this picture
 */
public record RoomView(
    RoomSettings settings,
    boolean opened,
    int joined,
    int placed,
    int frontier,
    int unplaced,
    List<RoomState.AdmissionBatch> admissions,
    Instant at)
    implements CborSerializable {

  public RoomView {
    admissions = List.copyOf(admissions);
  }

  static RoomView of(RoomState state, Instant at) {
    return new RoomView(
        state.settings(),
        state.opened(),
        state.joined(),
        state.placed(),
        state.frontier(),
        state.unplaced().size(),
        state.admissions(),
        at);
  }

  /** People who have a ticket and have not been admitted. */
  public int waiting() {
    return placed - frontier + unplaced;
  }

  public int active(Instant now) {
    return AdmissionRules.active(admissions, now);
  }

  /** The admission that let index {@code index} in, if it has not expired. */
  RoomState.AdmissionBatch admissionOf(int index) {
    for (RoomState.AdmissionBatch batch : admissions) {
      if (index >= batch.from() && index < batch.to()) return batch;
    }
    return null;
  }
}
