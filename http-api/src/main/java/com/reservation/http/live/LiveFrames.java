package com.reservation.http.live;

import akka.util.ByteString;
import akka.util.ByteStringBuilder;
import com.reservation.engine.events.live.SlotChange;
import com.reservation.http.dto.AvailabilitySlot;
import com.reservation.http.dto.AvailabilitySnapshot;
import com.reservation.http.dto.AvailabilityStreamEnd;
import com.reservation.http.dto.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * Server-sent-event frames, rendered once per hub and shared by all its viewers: {@code event:
 * snapshot}, one {@code event: slot} per changed slot, and the heartbeat comment; and the last one,
 * {@code event: shutdown}, rendered per viewer (its retry hint differs) once, when the node stops.
 */
final class LiveFrames {
  static final ByteString HEARTBEAT = ByteString.fromString(": heartbeat\n\n");
  private static final byte[] SNAPSHOT = "event: snapshot\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SLOT = "event: slot\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
  private static final String NODE_STOPPING = "node-stopping";

  private LiveFrames() {}

  static String status(SlotChange slot, Instant now) {
    return slot.adminClosed() || !now.isBefore(slot.startInstant()) ? "CLOSED" : "OPEN";
  }

  private static int available(SlotChange slot) {
    return Math.max(0, slot.capacity() - slot.booked() - slot.held());
  }

  static ByteString snapshot(String venueId, LocalDate date, List<SlotChange> slots, Instant now) {
    AvailabilitySnapshot body =
        new AvailabilitySnapshot(
            venueId,
            date,
            slots.stream()
                .map(
                    s ->
                        new AvailabilitySnapshot.Slot(
                            s.slotId(),
                            s.start(),
                            s.startInstant(),
                            s.end(),
                            s.capacity(),
                            s.booked(),
                            s.held(),
                            available(s),
                            status(s, now)))
                .toList());
    return new ByteStringBuilder()
        .putBytes(SNAPSHOT)
        .putBytes(Json.bytes(body))
        .putBytes(END)
        .result();
  }

  /**
   * The last frame of a stream whose node stops: {@code retry} tells an {@code EventSource} how
   * long to wait before it reconnects (through the load balancer, to a node that still serves).
   */
  static ByteString shutdown(long retryMillis) {
    return new ByteStringBuilder()
        .putBytes(
            ("event: shutdown\nretry: " + retryMillis + "\ndata: ")
                .getBytes(StandardCharsets.UTF_8))
        .putBytes(Json.bytes(new AvailabilityStreamEnd(NODE_STOPPING, retryMillis)))
        .putBytes(END)
        .result();
  }

  /** One frame holding a {@code slot} event per slot. */
  static ByteString slots(Collection<SlotChange> changed, Instant now) {
    ByteStringBuilder frame = new ByteStringBuilder();
    for (SlotChange s : changed) {
      AvailabilitySlot body =
          new AvailabilitySlot(
              s.slotId(),
              s.capacity(),
              s.booked(),
              s.held(),
              available(s),
              status(s, now),
              s.changedAt());
      frame.putBytes(SLOT).putBytes(Json.bytes(body)).putBytes(END);
    }
    return frame.result();
  }
}
