package com.reservation.engine.events.model;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.engine.events.FeedPosition;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Facts to public events: one mapping, stable ids, every kind of fact accounted for, no contact
 * data out.
 */
class EventMappingTest {
  private static final String SLOT = "pwtc_20261201_0920";
  private static final Instant AT = Instant.parse("2026-11-20T01:00:00.123Z");
  private static final Map<String, String> CONTACT =
      Map.of("name", "Fadhil Secret", "phone", "0123456789");

  @Test
  void everyKindOfFactIsEitherMappedOrKnownToBeInternal() {
    Set<Class<?>> accounted = new HashSet<>(EventMapping.MAPPED);
    accounted.addAll(EventMapping.INTERNAL);
    Set<Class<?>> facts = new HashSet<>(Arrays.asList(SlotFact.class.getPermittedSubclasses()));
    assertEquals(
        facts,
        accounted,
        "a new SlotFact must be mapped to a public event in EventMapping (or listed in INTERNAL)");
  }

  @Test
  void aWriteOfSeveralFactsGivesOneEventPerPublicFactWithItsIndexInTheId() {
    SlotDefinition definition =
        new SlotDefinition(
            SLOT,
            "pwtc",
            LocalDateTime.parse("2026-12-01T09:20"),
            LocalDateTime.parse("2026-12-01T09:30"),
            AT,
            10);
    SlotEvent event =
        new SlotEvent.Recorded(
            SLOT,
            List.of(
                new SlotFact.Defined(definition),
                new SlotFact.Booked("b1", "c1", 2, "key-1", CONTACT, AT),
                new SlotFact.CapacitySet(12),
                new SlotFact.Cancelled("b1", 2, AT.plusSeconds(1))),
            new SlotCounts(12, 0, false));

    List<PublicEvent> events = EventMapping.map(SLOT, 7, event, AT);

    assertEquals(2, events.size());
    PublicEvent confirmed = events.get(0);
    assertEquals(SLOT + ":7:1", confirmed.id());
    assertEquals(EventType.BOOKING_CONFIRMED, confirmed.type());
    assertEquals("pwtc", confirmed.venueId());
    assertEquals(AT, confirmed.occurredAt());
    assertEquals(new EventData.BookingConfirmed("b1", "c1", 2), confirmed.data());
    PublicEvent cancelled = events.get(1);
    assertEquals(SLOT + ":7:3", cancelled.id());
    assertEquals(EventType.BOOKING_CANCELLED, cancelled.type());
    assertEquals(new EventData.BookingCancelled("b1", 2), cancelled.data());
    assertEquals(
        events,
        EventMapping.map(SLOT, 7, event, AT),
        "the same write always maps to the same events");
  }

  @Test
  void eventsOfTheFirstStorageFormatMapToo() {
    List<PublicEvent> events =
        EventMapping.map(
            SLOT, 3, new SlotEvent.SeatsBooked(SLOT, "b9", "c9", 1, null, CONTACT, AT), AT);
    assertEquals(1, events.size());
    assertEquals(SLOT + ":3:0", events.get(0).id());
    assertEquals(EventType.BOOKING_CONFIRMED, events.get(0).type());
  }

  @Test
  void theBodyIsTheContractsShapeAndCarriesNoContactData() {
    PublicEvent event =
        EventMapping.map(SLOT, 7, 1, new SlotFact.Booked("b1", "c1", 2, "key-1", CONTACT, AT), AT)
            .orElseThrow();
    String body = new String(EventBodies.json(event), StandardCharsets.UTF_8);
    assertEquals(
        "{\"id\":\"pwtc_20261201_0920:7:1\",\"type\":\"booking.confirmed\",\"occurredAt\":\"2026-11-20T01:00:00.123Z\","
            + "\"slotId\":\"pwtc_20261201_0920\",\"venueId\":\"pwtc\","
            + "\"data\":{\"bookingId\":\"b1\",\"customerId\":\"c1\",\"seats\":2}}",
        body);
    for (String value : CONTACT.values()) assertFalse(body.contains(value), body);
    assertFalse(body.contains("key-1"), "idempotency keys stay inside: " + body);
  }

  @Test
  void holdsAndOffersArePublicEventsMadeFromTheirFactsAlone() {
    Instant expires = AT.plusSeconds(300);
    List<SlotFact> facts =
        List.of(
            new SlotFact.Held("h1", "c1", 2, "key-h1", CONTACT, AT, expires, null),
            new SlotFact.HoldConfirmed("h1", "b1", AT.plusSeconds(1), "c1", 2),
            new SlotFact.HoldReleased("h2", AT.plusSeconds(2), 1),
            new SlotFact.HoldExpired("h3", expires, 3),
            new SlotFact.Offered("e1", "h4", AT.plusSeconds(3), expires, 2),
            new SlotFact.Joined("e2", "c2", 1, CONTACT, AT, null, false),
            new SlotFact.Left("e2", AT.plusSeconds(4)));
    List<PublicEvent> events =
        EventMapping.map(
            SLOT, 9, new SlotEvent.Recorded(SLOT, facts, new SlotCounts(10, 2, false)), AT);

    assertEquals(
        List.of(
            EventType.HOLD_CREATED,
            EventType.BOOKING_CONFIRMED,
            EventType.HOLD_RELEASED,
            EventType.HOLD_EXPIRED,
            EventType.WAITLIST_OFFERED),
        events.stream().map(PublicEvent::type).toList(),
        "joining and leaving a line are not public");
    assertEquals(new EventData.HoldCreated("h1", "c1", 2, expires), events.get(0).data());
    assertEquals(new EventData.BookingConfirmed("b1", "c1", 2, "h1"), events.get(1).data());
    assertEquals(new EventData.HoldReleased("h2", 1), events.get(2).data());
    assertEquals(new EventData.HoldExpired("h3", 3), events.get(3).data());
    assertEquals(expires, events.get(3).occurredAt());
    assertEquals(new EventData.WaitlistOffered("e1", "h4", 2, expires), events.get(4).data());
    String confirmedBody = new String(EventBodies.json(events.get(1)), StandardCharsets.UTF_8);
    assertTrue(
        confirmedBody.endsWith(
            "\"data\":{\"bookingId\":\"b1\",\"customerId\":\"c1\",\"seats\":2,\"holdId\":\"h1\"}}"),
        confirmedBody);
    for (PublicEvent event : events) {
      String body = new String(EventBodies.json(event), StandardCharsets.UTF_8);
      for (String value : CONTACT.values()) assertFalse(body.contains(value), body);
      assertFalse(body.contains("key-h1"), body);
    }
  }

  @Test
  void feedPositionsRoundTripAndRejectWhatTheyDidNotMake() {
    FeedPosition position = new FeedPosition(812, 4411, 2);
    assertEquals(position, FeedPosition.parse(position.format()).orElseThrow());
    assertEquals(FeedPosition.START, FeedPosition.parse(FeedPosition.START.format()).orElseThrow());
    for (String bad :
        new String[] {
          "", "1-2", "a-b-c", "1-2-3-4", "-1-2-3", "99999999999999999999-1-1", "1-2--2"
        }) {
      assertTrue(FeedPosition.parse(bad).isEmpty(), bad);
    }
  }
}
