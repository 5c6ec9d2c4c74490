package com.reservation.engine.slot.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.reservation.engine.privacy.keys.CustomerKeyRow;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.JoinWaitlist;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestConfigs;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new contact key goes to the journal with the write that records its command's data, and with no
 * other: a refused command, or an idempotent retry answered with an earlier outcome, brings none.
 */
class SlotRulesNewKeysTest {
  private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
  private static final Map<String, String> SEALED = Map.of("~sealed", "v2:...");

  private static CustomerKeyRow key(String customerId, long keyId) {
    return new CustomerKeyRow(customerId, keyId, new byte[32]);
  }

  @Test
  void onlyCommandsThatRecordSomethingBringTheirKey() {
    SlotRules rules = new SlotRules(TestConfigs.slotSettings(), new SequentialIds());
    LocalDateTime start = LocalDateTime.parse("2026-12-02T09:00");
    SlotDefinition definition =
        new SlotDefinition(
            "nk_20261202_0900", "nk", start, start.plusMinutes(10), NOW.plusSeconds(90_000), 1);
    SlotState state =
        rules.decideBatch(SlotState.EMPTY, List.of(new DefineSlot(definition, null)), NOW).state();

    SlotRules.Outcome outcome =
        rules.decideBatch(
            state,
            List.of(
                new Book("alice", 1, "k-a", SEALED, null, null, null, key("alice", 1)),
                // full: refused
                new Book("bob", 1, "k-b", SEALED, null, null, null, key("bob", 2)),
                // a retry of alice's booking: answered with it, nothing recorded
                new Book("alice", 1, "k-a", SEALED, null, null, null, key("alice", 3)),
                // full: refused
                new PlaceHold("carol", 1, null, null, SEALED, null, null, null, key("carol", 4)),
                // the line takes her
                new JoinWaitlist("dave", 1, SEALED, false, null, null, null, key("dave", 5)),
                // a key already stored: nothing to bring
                new Book("erin", 1, null, SEALED, null, null, null, null)),
            NOW);

    assertEquals(List.of(key("alice", 1), key("dave", 5)), outcome.customerKeys());
    assertInstanceOf(SlotFact.Booked.class, outcome.facts().get(0));
    assertInstanceOf(SlotFact.Joined.class, outcome.facts().get(1));
    assertEquals(2, outcome.facts().size());
  }
}
