package com.reservation.http.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.customer.AllowanceBook;
import com.reservation.engine.customer.AllowanceBucket;
import com.reservation.engine.customer.BucketEvent;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.http.audit.StoredHistory.ReadModelRow;
import com.reservation.http.audit.StoredHistory.SlotJournal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker of chaos.sh finds each kind of contradiction it is meant to find, and nothing in a
 * consistent run: a promised booking missing or cancelled behind its client's back, a hold left
 * HELD past its expiry, a customer over the limit, a booking its allowance no longer counts, a read
 * model that differs from the journal.
 */
class AnswerAuditTest {
  private static final String SLOT = "chaos_20300101_0600";
  private static final Instant NOW = Instant.parse("2029-12-30T10:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final LocalDateTime START = LocalDateTime.of(2030, 1, 1, 6, 0);

  private final List<SlotFact> facts = new ArrayList<>();
  private final List<BucketEvent> grants = new ArrayList<>();
  private final List<Answer> answers = new ArrayList<>();
  private final Map<String, ReadModelRow> readModel = new HashMap<>();
  private boolean readModelFollows = true;

  AnswerAuditTest() {
    facts.add(
        new SlotFact.Defined(
            new SlotDefinition(
                SLOT, "chaos", START, START.plusMinutes(5), START.toInstant(ZoneOffset.UTC), 6)));
  }

  private static Instant t(int seconds) {
    return NOW.minusSeconds(600).plusSeconds(seconds);
  }

  private void booked(String bookingId, String customer, String grantId, int at) {
    facts.add(new SlotFact.Booked(bookingId, customer, 1, null, Map.of(), t(at), grantId));
    grant(customer, grantId);
  }

  private void grant(String customer, String grantId) {
    grants.add(
        new BucketEvent.Granted(
            customer, grantId, SLOT, START.toInstant(ZoneOffset.UTC), t(0).plusSeconds(5)));
  }

  private static Answer answer(String op, String customer, String target, int status, String id) {
    return new Answer(
        0,
        "http://node",
        op,
        SLOT,
        customer,
        null,
        target,
        status,
        status == 409 ? "hold-expired" : null,
        op.equals("book") || op.equals("confirm") ? id : null,
        op.equals("hold") ? id : null,
        op.equals("join") ? id : null,
        null);
  }

  private AnswerAudit.Report audit(int limit) {
    SlotState state = SlotState.EMPTY.apply(facts);
    long seqNr = facts.size();
    if (readModelFollows) {
      var c = state.counts();
      readModel.putIfAbsent(
          SLOT,
          new ReadModelRow(
              SLOT, c.capacity(), c.booked(), c.adminClosed(), seqNr, c.held(), c.waiting()));
    }
    AllowanceBook book = AllowanceBook.EMPTY;
    Map<String, AllowanceBook> buckets = new HashMap<>();
    for (BucketEvent e : grants) {
      String customer =
          e instanceof BucketEvent.Granted g
              ? g.customerId()
              : ((BucketEvent.Released) e).customerId();
      String bucket = AllowanceBucket.entityId("chaos", customer);
      buckets.put(bucket, buckets.getOrDefault(bucket, book).apply(e));
    }
    StoredHistory history =
        new StoredHistory(
            Map.of(SLOT, new SlotJournal(SLOT, state, seqNr)), buckets, readModel, List.of(), 1);
    return AnswerAudit.check(history, answers, limit, NOW, GRACE);
  }

  @Test
  void aConsistentRunPasses() {
    booked("b1", "c1", "g1", 1);
    facts.add(new SlotFact.Cancelled("b1", 1, t(20)));
    booked("b2", "c2", "g2", 2);
    facts.add(new SlotFact.Held("h1", "c3", 1, null, Map.of(), t(3), t(33), "g3"));
    facts.add(new SlotFact.HoldExpired("h1", t(33), 1));
    answers.add(answer("book", "c1", null, 201, "b1"));
    answers.add(answer("cancel", "c1", "b1", 200, null));
    answers.add(answer("book", "c2", null, 201, "b2"));
    answers.add(answer("hold", "c3", null, 201, "h1"));
    answers.add(answer("confirm", "c3", "h1", 409, null));
    answers.add(answer("book", "c4", null, 0, null));

    AnswerAudit.Report report = audit(2);

    assertEquals(List.of(), report.violations());
    assertEquals(1L, report.figures().get("answers.unknown-outcome"));
  }

  @Test
  void aPromisedBookingMissingFromTheJournalIsFound() {
    answers.add(answer("book", "c1", null, 201, "lost"));

    assertOne(audit(0), "lost", "absent");
  }

  @Test
  void aBookingCancelledThatItsClientNeverCancelledIsFound() {
    booked("b1", "c1", "g1", 1);
    facts.add(new SlotFact.Cancelled("b1", 1, t(20)));
    answers.add(answer("book", "c1", null, 201, "b1"));

    assertOne(audit(0), "b1", "never asked");

    // A cancel sent, even one never answered, explains it.
    answers.add(answer("cancel", "c1", "b1", 0, null));
    assertEquals(List.of(), audit(0).violations());
  }

  @Test
  void aHoldHeldPastItsExpiryIsFound() {
    facts.add(new SlotFact.Held("h1", "c1", 1, null, Map.of(), t(1), t(31), "g1"));
    grant("c1", "g1");

    assertOne(audit(0), "h1", "still HELD");
  }

  @Test
  void aCustomerOverTheLimitAtOnceIsFound() {
    booked("b1", "c1", "g1", 1);
    booked("b2", "c1", "g2", 2);
    booked("b3", "c1", "g3", 3);

    assertEquals(List.of(), audit(3).violations());
    assertOne(audit(2), "c1", "3 bookings", "limit of 2");
  }

  @Test
  void aBookingItsAllowanceNoLongerCountsIsFound() {
    booked("b1", "c1", "g1", 1);
    grants.add(new BucketEvent.Released("c1", List.of("g1")));

    assertOne(audit(2), "g1", "no longer counts");
  }

  @Test
  void aReadModelThatDiffersFromTheJournalIsFound() {
    booked("b1", "c1", "g1", 1);
    readModelFollows = false;
    readModel.put(SLOT, new ReadModelRow(SLOT, 6, 0, false, facts.size(), 0, 0));

    assertOne(audit(0), "read model");
  }

  @Test
  void aNotFoundForAStoredHoldIsReportedAsStale() {
    facts.add(new SlotFact.Held("h1", "c1", 1, null, Map.of(), t(1), t(31), "g1"));
    facts.add(new SlotFact.HoldExpired("h1", t(31), 1));
    grant("c1", "g1");
    answers.add(answer("confirm", "c1", "h1", 404, null));
    answers.add(answer("confirm", "c1", "never-made", 404, null));

    AnswerAudit.Report report = audit(0);

    assertEquals(List.of(), report.violations());
    assertEquals(1, report.stale().size(), report.stale().toString());
    assertTrue(report.stale().get(0).contains("h1"));
  }

  @Test
  void whatTheReplayFoundIsReported() {
    StoredHistory history =
        new StoredHistory(Map.of(), Map.of(), Map.of(), List.of("slot x #3: over capacity"), 3);

    assertEquals(
        List.of("slot x #3: over capacity"),
        AnswerAudit.check(history, List.of(), 0, NOW, GRACE).violations());
  }

  private static void assertOne(AnswerAudit.Report report, String... parts) {
    assertEquals(1, report.violations().size(), report.violations().toString());
    for (String part : parts) {
      assertTrue(report.violations().get(0).contains(part), report.violations().get(0));
    }
  }
}
