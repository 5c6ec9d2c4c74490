package com.reservation.engine.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.reservation.engine.journal.EventDecoder;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.testing.TestConfigs;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read model's decoding of a slot's write keeps what the handler uses (the counts, the capacity
 * facts) and skips the rest; events of the first format are read whole.
 */
class WriteSummariesTest {
  private static final Instant AT = Instant.parse("2026-12-01T08:00:00.123456Z");
  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static EventDecoder<SlotEvent> decoder;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("WriteSummariesTest", TestConfigs.base());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    // First, before Akka's own serializer made the shared mapper: it must make the CBOR one.
    decoder = WriteSummaries.decoder(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static SlotEvent roundTrip(SlotEvent event) {
    Serializer serializer = serialization.findSerializerFor(event);
    return decoder.decode(
        serialization.serialize(event).get(),
        serializer.identifier(),
        Serializers.manifestFor(serializer, event));
  }

  @Test
  void aWriteIsReadAsItsCountsAndCapacityFactsOnly() {
    LocalDateTime start = LocalDateTime.parse("2026-12-02T09:00");
    SlotDefinition definition =
        new SlotDefinition("ws_20261202_0900", "ws", start, start.plusMinutes(10), AT, 10);
    SlotCounts counts = new SlotCounts(12, 3, false, 2, 1, AT.plusSeconds(60));
    SlotEvent.Recorded written =
        new SlotEvent.Recorded(
            definition.slotId(),
            List.of(
                new SlotFact.Defined(definition),
                new SlotFact.Booked("b1", "c1", 2, "k1", Map.of("~sealed", "v2:x"), AT),
                new SlotFact.CapacitySet(11),
                new SlotFact.Cancelled("b1", 2, AT.plusSeconds(5)),
                new SlotFact.CapacitySet(12)),
            counts);

    assertEquals(
        new SlotEvent.Recorded(
            definition.slotId(),
            List.of(new SlotFact.CapacitySet(11), new SlotFact.CapacitySet(12)),
            counts),
        roundTrip(written));
    SlotEvent.Recorded bookingsOnly =
        new SlotEvent.Recorded(
            definition.slotId(),
            List.of(new SlotFact.Booked("b2", "c2", 1, null, Map.of(), AT)),
            new SlotCounts(12, 1, false));
    assertEquals(
        new SlotEvent.Recorded(definition.slotId(), List.of(), new SlotCounts(12, 1, false)),
        roundTrip(bookingsOnly));
  }

  @Test
  void theFirstFormatIsReadWhole() {
    SlotEvent old = new SlotEvent.BookingCancelled("ws_20261202_0900", "b1", 2, AT);
    assertEquals(old, roundTrip(old));
  }
}
