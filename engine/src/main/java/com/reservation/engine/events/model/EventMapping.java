package com.reservation.engine.events.model;

import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.slot.rules.SlotFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where a slot's facts become public events. Each fact of a journal event maps to at
 * most one public event, whose id carries the fact's index, so ids stay stable whatever else the
 * write recorded.
 *
 * <p>Facts that only concern the slot itself (its definition, capacity and status) leave no event:
 * they are listed in {@link #INTERNAL}, and a test checks that every kind of fact is either mapped
 * here or listed there, so a new fact cannot be forgotten silently.
 */
public final class EventMapping {
  /** Facts that are not public events. */
  public static final Set<Class<? extends SlotFact>> INTERNAL =
      Set.of(
          SlotFact.Defined.class,
          SlotFact.CapacitySet.class,
          SlotFact.ClosedSet.class,
          // Joining and leaving a line are a customer's own business; what the line leads to (an
          // offer) is public.
          SlotFact.Joined.class,
          SlotFact.Left.class);

  /** Facts that are public events (see {@link #map(String, long, int, SlotFact, Instant)}). */
  public static final Set<Class<? extends SlotFact>> MAPPED =
      Set.of(
          SlotFact.Booked.class,
          SlotFact.Cancelled.class,
          SlotFact.Held.class,
          SlotFact.HoldConfirmed.class,
          SlotFact.HoldReleased.class,
          SlotFact.HoldExpired.class,
          SlotFact.Offered.class);

  private EventMapping() {}

  /**
   * The public events of one journal event, in fact order.
   *
   * @param written when the event was written (for facts that carry no time of their own)
   */
  public static List<PublicEvent> map(
      String slotId, long sequenceNr, SlotEvent event, Instant written) {
    List<SlotFact> facts = event.facts();
    List<PublicEvent> events = new ArrayList<>(facts.size());
    for (int i = 0; i < facts.size(); i++)
      map(slotId, sequenceNr, i, facts.get(i), written).ifPresent(events::add);
    return events;
  }

  /** The public event of one fact, if it is one. */
  public static Optional<PublicEvent> map(
      String slotId, long sequenceNr, int index, SlotFact fact, Instant written) {
    String venueId = SlotId.parse(slotId).map(SlotId.Parts::venueId).orElse(null);
    String id = PublicEvent.id(slotId, sequenceNr, index);
    if (fact instanceof SlotFact.Booked f) {
      return Optional.of(
          new PublicEvent(
              id,
              EventType.BOOKING_CONFIRMED,
              f.at(),
              slotId,
              venueId,
              new EventData.BookingConfirmed(f.bookingId(), f.customerId(), f.seats()),
              index));
    }
    if (fact instanceof SlotFact.Cancelled f) {
      return Optional.of(
          new PublicEvent(
              id,
              EventType.BOOKING_CANCELLED,
              f.at(),
              slotId,
              venueId,
              new EventData.BookingCancelled(f.bookingId(), f.seats()),
              index));
    }
    EventType type;
    EventData data;
    Instant at;
    if (fact instanceof SlotFact.Held f) {
      type = EventType.HOLD_CREATED;
      data = new EventData.HoldCreated(f.holdId(), f.customerId(), f.seats(), f.expiresAt());
      at = f.at();
    } else if (fact instanceof SlotFact.HoldConfirmed f) {
      type = EventType.BOOKING_CONFIRMED;
      data = new EventData.BookingConfirmed(f.bookingId(), f.customerId(), f.seats(), f.holdId());
      at = f.at();
    } else if (fact instanceof SlotFact.HoldReleased f) {
      type = EventType.HOLD_RELEASED;
      data = new EventData.HoldReleased(f.holdId(), f.seats());
      at = f.at();
    } else if (fact instanceof SlotFact.HoldExpired f) {
      type = EventType.HOLD_EXPIRED;
      data = new EventData.HoldExpired(f.holdId(), f.seats());
      at = f.at();
    } else if (fact instanceof SlotFact.Offered f) {
      type = EventType.WAITLIST_OFFERED;
      data = new EventData.WaitlistOffered(f.entryId(), f.holdId(), f.seats(), f.expiresAt());
      at = f.at();
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new PublicEvent(id, type, at == null ? written : at, slotId, venueId, data, index));
  }
}
