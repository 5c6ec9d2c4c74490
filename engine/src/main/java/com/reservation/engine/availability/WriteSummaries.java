package com.reservation.engine.availability;

import akka.actor.typed.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.reservation.engine.journal.EventDecoder;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes a slot's write for the read model, which needs only the counts after it and whether it
 * changed the capacity: the facts' other fields (booking ids, customers, contact data, instants)
 * are skipped unread. A hot slot's writes carry tens of bookings each; reading them whole cost the
 * projection more than the rest of its work.
 *
 * <p>What this gives the handler is a {@link SlotEvent.Recorded} with the write's counts and only
 * its {@link SlotFact.CapacitySet} facts. Events of the first format, and anything not stored by
 * Jackson CBOR, are read whole.
 */
final class WriteSummaries {
  private static final int JACKSON_CBOR = 33;
  private static final String RECORDED = SlotEvent.Recorded.class.getName();

  /** The parts of a stored {@link SlotEvent.Recorded} the read model uses. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Summary(String slotId, List<FactSummary> facts, SlotCounts counts) {}

  /** A fact's type ({@code "t"}, as {@link SlotFact} stores it) and, for a capacity, its value. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record FactSummary(String t, Integer capacity) {}

  private WriteSummaries() {}

  static EventDecoder<SlotEvent> decoder(ActorSystem<?> system) {
    Serialization serialization = SerializationExtension.get(system);
    EventDecoder<SlotEvent> whole = EventDecoder.akka(serialization, SlotEvent.class);
    // The mapper Akka's jackson-cbor serializer uses (made here with the CBOR factory, as that
    // serializer makes it, if this comes first).
    ObjectReader summaries =
        JacksonObjectMapperProvider.get(system)
            .getOrCreate("jackson-cbor", Optional.of(new CBORFactory()))
            .readerFor(Summary.class);
    return (payload, serializerId, manifest) -> {
      if (serializerId != JACKSON_CBOR || !RECORDED.equals(manifest))
        return whole.decode(payload, serializerId, manifest);
      Summary summary;
      try {
        summary = summaries.readValue(payload);
      } catch (IOException e) {
        throw new UncheckedIOException("a slot write the read model cannot read", e);
      }
      List<SlotFact> capacities = new ArrayList<>(0);
      if (summary.facts() != null) {
        for (FactSummary fact : summary.facts()) {
          if ("capacity".equals(fact.t()) && fact.capacity() != null)
            capacities.add(new SlotFact.CapacitySet(fact.capacity()));
        }
      }
      return new SlotEvent.Recorded(summary.slotId(), capacities, summary.counts());
    };
  }
}
