package com.reservation.engine.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.engine.customer.AllowanceBook;
import com.reservation.engine.customer.AllowanceRules;
import com.reservation.engine.customer.AllowanceSettings;
import com.reservation.engine.customer.AllowanceState;
import com.reservation.engine.customer.BucketEvent;
import com.reservation.engine.customer.CustomerLimits;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand.Book;
import com.reservation.engine.slot.api.SlotCommand.Cancel;
import com.reservation.engine.slot.api.SlotCommand.ConfirmHold;
import com.reservation.engine.slot.api.SlotCommand.DefineSlot;
import com.reservation.engine.slot.api.SlotCommand.ExpireDue;
import com.reservation.engine.slot.api.SlotCommand.JoinWaitlist;
import com.reservation.engine.slot.api.SlotCommand.LeaveWaitlist;
import com.reservation.engine.slot.api.SlotCommand.PlaceHold;
import com.reservation.engine.slot.api.SlotCommand.ReleaseHold;
import com.reservation.engine.slot.api.SlotCommand.Request;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotRules;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.testing.SequentialIds;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One run of the fault simulation: a sequence of small worlds (a venue with a per-customer limit,
 * three slots, eight customers, one allowance bucket), each driven for up to 2,000 steps by one
 * seeded random source, so a seed replays exactly.
 *
 * <p>What a step can be: a customer's new request (book, hold or join, each first asking the bucket
 * for a grant, then the slot with the grant and a deadline) or a retry of one whose outcome was
 * unknown (same Idempotency-Key, so the same grant, later deadline); a follow-up (cancel, confirm,
 * release, leave); the bucket deciding a request; a slot deciding a batch of what reached it; a
 * slot's "grant ended" or the saga's "refused" reaching the bucket, or being lost; time passing a
 * little or a lot; a slot's or the bucket's crash (a restart keeps its mailbox, a node's death
 * loses it); a slot's expiry timer. Every write may fail (nothing stored, the writer restarts) or
 * succeed with its answer lost (stored, the writer restarts, nobody is answered, no "ended" report
 * goes out). Slots' clocks are skewed against the bucket's by less than settle-after.
 *
 * <p>Checked after every step: no slot over capacity; no customer with more active bookings, holds
 * and entries in slots that have not started than the limit; each of those covered by a grant the
 * bucket has stored; every answered booking or hold stored in its slot's journal; a retried key
 * answered with the same booking; no hold ended twice. Every 50 steps: each slot's live state
 * equals its journal replayed and its snapshot restored. At a world's end: every hold ended exactly
 * once.
 */
final class Simulation {
  /** What a run did, for the log (and to show the faults really happened). */
  record Report(
      long steps,
      long worlds,
      long writes,
      long failedWrites,
      long lostAnswers,
      long crashes,
      long bookings,
      long holds,
      long limitRefusals,
      long reconciliations,
      long retries,
      long lostMessages) {}

  private static final int STEPS_PER_WORLD = 2_000;

  static Report run(long seed, int steps) {
    Random random = new Random(seed);
    Counters counters = new Counters();
    int done = 0;
    long worlds = 0;
    while (done < steps) {
      int worldSteps = Math.min(STEPS_PER_WORLD, steps - done);
      World world = new World(random.nextLong(), counters);
      worlds++;
      int step = 0;
      try {
        for (; step < worldSteps; step++) {
          world.step();
          world.check(step);
        }
        world.finish();
      } catch (Throwable failure) {
        throw new AssertionError(
            "The fault simulation broke an invariant at step "
                + (done + step + 1)
                + " (seed "
                + seed
                + "; replay it with -Dsim.seed="
                + seed
                + " -Dsim.steps="
                + steps
                + "): "
                + failure.getMessage()
                + "\nThe world's last actions:\n"
                + world.trace(),
            failure);
      }
      done += worldSteps;
    }
    return counters.report(done, worlds);
  }

  static final class Counters {
    long writes;
    long failedWrites;
    long lostAnswers;
    long crashes;
    long bookings;
    long holds;
    long limitRefusals;
    long reconciliations;
    long retries;
    long lostMessages;

    Report report(long steps, long worlds) {
      return new Report(
          steps,
          worlds,
          writes,
          failedWrites,
          lostAnswers,
          crashes,
          bookings,
          holds,
          limitRefusals,
          reconciliations,
          retries,
          lostMessages);
    }
  }

  enum Kind {
    BOOK,
    HOLD,
    JOIN,
    CANCEL,
    CONFIRM,
    RELEASE,
    LEAVE;

    boolean limited() {
      return this == BOOK || this == HOLD || this == JOIN;
    }
  }

  enum WriteResult {
    STORED,
    FAILED,
    STORED_ANSWER_LOST
  }

  /** A grant of one customer. */
  record CustomerGrant(String customerId, String grantId) {}

  /** What reaches the bucket from a slot (ended) or from a saga (refused). */
  record Message(CustomerGrant grant, boolean refused) {}

  static final class World {
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final Duration ASK = Duration.ofSeconds(5);
    private static final int CUSTOMERS = 8;

    private final Random random;
    private final Counters counters;
    private final SlotSettings slotSettings = TestConfigs.slotSettings();
    private final SlotRules rules = new SlotRules(slotSettings, new SequentialIds());
    private final AllowanceSettings allowanceSettings = AllowanceSettings.defaults();
    private final int limit;
    private Instant now = T0;
    private final List<SimSlot> slots = new ArrayList<>();
    private final SimBucket bucket = new SimBucket();

    /** Requests waiting for the bucket. */
    private final List<Saga> atBucket = new ArrayList<>();

    /** Requests whose outcome their client does not know; a retry may resend them. */
    private final List<Saga> unknown = new ArrayList<>();

    private final List<Message> inTransit = new ArrayList<>();

    /** What clients were told: slot id and key to booking id; ids of answered holds and entries. */
    private final Map<String, String> bookingByKey = new HashMap<>();

    private final List<String[]> bookings = new ArrayList<>();
    private final List<String[]> holds = new ArrayList<>();
    private final List<String[]> entries = new ArrayList<>();

    /** Facts in the journals: booking ids; per hold, how many facts ended it. */
    private final Set<String> storedBookings = new HashSet<>();

    private final Set<String> storedHolds = new HashSet<>();
    private final Map<String, Integer> holdEnds = new HashMap<>();
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private int keys;

    World(long seed, Counters counters) {
      this.random = new Random(seed);
      this.counters = counters;
      this.limit = 1 + random.nextInt(2);
      // The first slot starts within the world's time, so grants stop counting when it starts.
      int[] startsInMinutes = {20, 60 * 24 * 3, 60 * 24 * 7};
      for (int i = 0; i < 3; i++) {
        Instant start = T0.plus(Duration.ofMinutes(startsInMinutes[i]));
        LocalDateTime local = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
        String slotId =
            "sim_"
                + local.toLocalDate().toString().replace("-", "")
                + String.format("_%02d00", 8 + i);
        SimSlot slot =
            new SimSlot(
                slotId, start, Duration.ofMillis(random.nextInt(801) - 400), 2 + random.nextInt(3));
        SlotDefinition definition =
            new SlotDefinition(slotId, "sim", local, local.plusMinutes(30), start, slot.capacity);
        SlotRules.Outcome defined =
            rules.decideBatch(empty(), List.of(new DefineSlot(definition, null)), now);
        slot.journal.add(defined.facts());
        slot.live = defined.state();
        slots.add(slot);
      }
    }

    String trace() {
      return String.join("\n", trace);
    }

    /** A slot's state before its first fact, as the ledger starts it. */
    SlotState empty() {
      return SlotState.empty(slotSettings.history());
    }

    private void log(String action) {
      if (trace.size() == 40) trace.removeFirst();
      trace.addLast(Duration.between(T0, now).toMillis() + " ms: " + action);
    }

    void step() {
      int r = random.nextInt(100);
      if (r < 16) newRequest();
      else if (r < 24) followUp();
      else if (r < 42) bucketDecides();
      else if (r < 64) slotDecides();
      else if (r < 74) deliver();
      else if (r < 88) passTime(Duration.ofMillis(10 + random.nextInt(2_000)));
      else if (r < 89) passTime(Duration.ofSeconds(30 + random.nextInt(120)));
      else if (r < 92) crashSlot();
      else if (r < 94) crashBucket();
      else if (r < 97) expiryTimer();
      else forgetStarted();
    }

    // ---- clients

    private void newRequest() {
      if (!unknown.isEmpty() && random.nextInt(10) < 4) {
        Saga earlier = unknown.remove(random.nextInt(unknown.size()));
        counters.retries++;
        Saga retry = earlier.retry(now.plus(ASK));
        log("retry " + retry);
        send(retry);
        return;
      }
      Kind kind = new Kind[] {Kind.BOOK, Kind.BOOK, Kind.HOLD, Kind.JOIN}[random.nextInt(4)];
      Saga saga =
          new Saga(
              kind,
              "c" + random.nextInt(CUSTOMERS),
              slots.get(random.nextInt(slots.size())),
              "k" + (++keys),
              1 + random.nextInt(2),
              null,
              now.plus(ASK));
      log("new " + saga);
      send(saga);
    }

    private void followUp() {
      int r = random.nextInt(4);
      List<String[]> known = r < 2 ? holds : r == 2 ? bookings : entries;
      if (known.isEmpty()) return;
      String[] target = known.get(random.nextInt(known.size()));
      Kind kind = r == 0 ? Kind.CONFIRM : r == 1 ? Kind.RELEASE : r == 2 ? Kind.CANCEL : Kind.LEAVE;
      Saga saga = new Saga(kind, target[2], slot(target[0]), null, 0, target[1], now.plus(ASK));
      log("follow-up " + saga);
      send(saga);
    }

    private void send(Saga saga) {
      if (saga.kind.limited()) atBucket.add(saga);
      else saga.slot.mailbox.add(saga);
    }

    private void outcomeUnknown(Saga saga) {
      unknown.add(saga);
    }

    // ---- the bucket

    private void bucketDecides() {
      if (atBucket.isEmpty()) return;
      Saga saga = atBucket.remove(random.nextInt(atBucket.size()));
      AllowanceBook book = bucket.state(this);
      CustomerGrant grant = new CustomerGrant(saga.customer, saga.grantId());
      if (book.of(saga.customer).has(saga.grantId()))
        bucket.duplicates.merge(grant, 2, (a, b) -> a + 1);
      for (int round = 0; round < 3; round++) {
        AllowanceState state = bucket.state(this).of(saga.customer);
        AllowanceRules.Decision decision =
            AllowanceRules.reserve(
                state,
                saga.customer,
                saga.grantId(),
                saga.slot.slotId,
                saga.slot.start,
                saga.deadline,
                limit,
                now,
                allowanceSettings,
                g -> bucket.foundInUse.get(new CustomerGrant(saga.customer, g)));
        if (decision instanceof AllowanceRules.AskSlots ask) {
          counters.reconciliations++;
          boolean answered = random.nextInt(20) != 0;
          List<String> ended = new ArrayList<>();
          for (String g : ask.grantIds()) {
            SimSlot slot = slot(state.grants().get(g).slotId());
            if (answered && !slot.state(this).usesGrant(saga.customer, g)) ended.add(g);
            else bucket.foundInUse.put(new CustomerGrant(saga.customer, g), now);
          }
          log(
              "bucket asked slots about "
                  + ask.grantIds()
                  + " of "
                  + saga.customer
                  + ": ended "
                  + ended);
          if (ended.isEmpty()) continue;
          for (String g : ended) {
            bucket.duplicates.remove(new CustomerGrant(saga.customer, g));
            bucket.foundInUse.remove(new CustomerGrant(saga.customer, g));
          }
          if (bucket.write(this, List.of(new BucketEvent.Released(saga.customer, ended)))
              != WriteResult.STORED) {
            outcomeUnknown(saga);
            return;
          }
          continue;
        }
        if (decision instanceof AllowanceRules.Refuse refuse) {
          if (!refuse.events().isEmpty()
              && bucket.write(this, refuse.events()) != WriteResult.STORED) {
            outcomeUnknown(saga);
            return;
          }
          counters.limitRefusals++;
          log("bucket refused " + saga + " (limit " + limit + ")");
          return;
        }
        List<BucketEvent> events = ((AllowanceRules.Grant) decision).events();
        if (!events.isEmpty() && bucket.write(this, events) != WriteResult.STORED) {
          outcomeUnknown(saga);
          return;
        }
        if (!now.isBefore(saga.deadline)) {
          // The caller stopped waiting for the grant: it never asks the slot.
          log("granted too late for " + saga);
          outcomeUnknown(saga);
          return;
        }
        log("bucket granted " + saga);
        saga.slot.mailbox.add(saga);
        return;
      }
      outcomeUnknown(saga);
    }

    private void deliver() {
      if (inTransit.isEmpty()) return;
      Message message = inTransit.remove(random.nextInt(inTransit.size()));
      if (random.nextInt(20) == 0) {
        counters.lostMessages++;
        log("lost " + message);
        return;
      }
      log("delivered " + message);
      bucket.ended(this, message.grant());
    }

    private void forgetStarted() {
      List<BucketEvent.Released> started = bucket.state(this).startedBy(now);
      if (!started.isEmpty()) {
        log("bucket forgets started grants " + started);
        bucket.write(this, new ArrayList<BucketEvent>(started));
      }
    }

    private void crashBucket() {
      counters.crashes++;
      boolean nodeDied = random.nextBoolean();
      log("bucket " + (nodeDied ? "node died" : "restarted"));
      bucket.crash();
      if (nodeDied) {
        atBucket.forEach(this::outcomeUnknown);
        atBucket.clear();
      }
    }

    // ---- slots

    private void slotDecides() {
      SimSlot slot = slots.get(random.nextInt(slots.size()));
      if (slot.mailbox.isEmpty()) return;
      int take = Math.min(slot.mailbox.size(), 1 + random.nextInt(4));
      List<Saga> batch = new ArrayList<>(slot.mailbox.subList(0, take));
      slot.mailbox.subList(0, take).clear();
      decide(slot, batch);
    }

    private void expiryTimer() {
      decide(slots.get(random.nextInt(slots.size())), List.of());
    }

    private void decide(SimSlot slot, List<Saga> batch) {
      SlotState state = slot.state(this);
      List<Request> requests = new ArrayList<>();
      for (Saga saga : batch) requests.add(saga.request());
      if (batch.isEmpty()) requests.add(new ExpireDue(null));
      SlotRules.Outcome outcome = rules.decideBatch(state, requests, slot.now(now));
      if (!outcome.facts().isEmpty()) {
        WriteResult written = write();
        if (written == WriteResult.FAILED) {
          log(slot.slotId + " write failed for " + batch);
          slot.live = null;
          batch.forEach(this::outcomeUnknown);
          return;
        }
        slot.journal.add(outcome.facts());
        stored(outcome.facts());
        if (written == WriteResult.STORED_ANSWER_LOST) {
          log(
              slot.slotId
                  + " stored "
                  + outcome.facts().size()
                  + " facts, answer lost, for "
                  + batch);
          slot.live = null;
          batch.forEach(this::outcomeUnknown);
          return;
        }
        slot.live = outcome.state();
        for (SlotRules.EndedGrant ended : outcome.endedGrants()) {
          inTransit.add(new Message(new CustomerGrant(ended.customerId(), ended.grantId()), false));
        }
      }
      log(slot.slotId + " decided " + batch + " -> " + outcome.facts().size() + " facts");
      for (int i = 0; i < batch.size(); i++)
        answered(batch.get(i), outcome.answers().get(i).message());
    }

    private void answered(Saga saga, Object answer) {
      if (answer instanceof Rejected rejected) {
        if (rejected.reason() == RejectionReason.UNAVAILABLE) outcomeUnknown(saga);
        if (saga.kind.limited() && CustomerLimits.refusedForSure(rejected)) {
          inTransit.add(new Message(new CustomerGrant(saga.customer, saga.grantId()), true));
        }
        return;
      }
      if (answer instanceof BookingReply.Booking b) {
        String bookingId = b.booking().bookingId();
        assertTrue(
            storedBookings.contains(bookingId), "answered a booking not stored: " + bookingId);
        if (saga.kind == Kind.BOOK) {
          String earlier = bookingByKey.putIfAbsent(saga.slot.slotId + "/" + saga.key, bookingId);
          assertTrue(
              earlier == null || earlier.equals(bookingId),
              "a retried key got another booking: " + earlier + " then " + bookingId);
          counters.bookings++;
        }
        bookings.add(new String[] {saga.slot.slotId, bookingId, saga.customer});
      } else if (answer instanceof HoldReply.Current h) {
        assertTrue(storedHolds.contains(h.hold().holdId()), "answered a hold not stored");
        if (saga.kind == Kind.HOLD) {
          counters.holds++;
          holds.add(new String[] {saga.slot.slotId, h.hold().holdId(), saga.customer});
        }
      } else if (answer instanceof WaitlistReply.Current e && saga.kind == Kind.JOIN) {
        entries.add(new String[] {saga.slot.slotId, e.entry().entryId(), saga.customer});
      }
    }

    private void stored(List<SlotFact> facts) {
      for (SlotFact fact : facts) {
        if (fact instanceof SlotFact.Booked f) storedBookings.add(f.bookingId());
        if (fact instanceof SlotFact.HoldConfirmed f) {
          storedBookings.add(f.bookingId());
          holdEnded(f.holdId());
        }
        if (fact instanceof SlotFact.Held f) storedHolds.add(f.holdId());
        if (fact instanceof SlotFact.Offered f) storedHolds.add(f.holdId());
        if (fact instanceof SlotFact.HoldReleased f) holdEnded(f.holdId());
        if (fact instanceof SlotFact.HoldExpired f) holdEnded(f.holdId());
      }
    }

    private void holdEnded(String holdId) {
      int ends = holdEnds.merge(holdId, 1, Integer::sum);
      assertEquals(1, ends, "hold " + holdId + " ended more than once");
    }

    private void crashSlot() {
      SimSlot slot = slots.get(random.nextInt(slots.size()));
      counters.crashes++;
      boolean nodeDied = random.nextBoolean();
      log(slot.slotId + (nodeDied ? " node died" : " restarted"));
      slot.live = null;
      if (nodeDied) {
        slot.mailbox.forEach(this::outcomeUnknown);
        slot.mailbox.clear();
      }
    }

    // ---- faults and time

    /** A journal write: stored, failed (nothing stored), or stored with its answer lost. */
    WriteResult write() {
      counters.writes++;
      int r = random.nextInt(100);
      if (r < 3) {
        counters.failedWrites++;
        return WriteResult.FAILED;
      }
      if (r < 6) {
        counters.lostAnswers++;
        return WriteResult.STORED_ANSWER_LOST;
      }
      return WriteResult.STORED;
    }

    private void passTime(Duration duration) {
      now = now.plus(duration);
    }

    private SimSlot slot(String slotId) {
      for (SimSlot slot : slots) if (slot.slotId.equals(slotId)) return slot;
      throw new IllegalArgumentException(slotId);
    }

    // ---- invariants

    void check(int step) {
      AllowanceBook book = bucket.state(this);
      Map<String, Integer> active = new HashMap<>();
      for (SimSlot slot : slots) {
        SlotState state = slot.state(this);
        SlotCounts counts = state.counts();
        assertTrue(
            counts.booked() + counts.held() <= counts.capacity(),
            slot.slotId + " over capacity: " + counts);
        if (!slot.start.isAfter(now)) continue;
        for (int c = 0; c < CUSTOMERS; c++) {
          String customer = "c" + c;
          if (!state.hasAnythingActive(customer)) continue;
          active.merge(customer, 1, Integer::sum);
          boolean covered =
              book.of(customer).grants().values().stream()
                  .anyMatch(g -> g.slotId().equals(slot.slotId));
          assertTrue(
              covered,
              customer
                  + " has a booking, hold or entry in "
                  + slot.slotId
                  + " that no stored grant covers: "
                  + book.of(customer));
        }
      }
      active.forEach(
          (customer, count) ->
              assertTrue(
                  count <= limit, customer + " is active in " + count + " slots, limit " + limit));
      if (step % 50 == 0) {
        for (SimSlot slot : slots) {
          SlotState replayed = slot.replay(this);
          if (slot.live != null)
            assertEquals(replayed, slot.live, slot.slotId + ": live state != journal");
          assertEquals(
              replayed,
              SlotSnapshot.of(replayed).toState(slotSettings.history()),
              slot.slotId + ": snapshot does not restore the state");
        }
      }
    }

    /** Everything in flight settles without faults; every hold has ended exactly once. */
    void finish() {
      // Expiries free seats, which are offered to the line as new holds that expire in turn: run
      // the timers until nothing is left to do.
      for (SimSlot slot : slots) slot.mailbox.clear();
      for (int round = 0; round < 100; round++) {
        passTime(Duration.ofHours(1));
        boolean quiet = true;
        for (SimSlot slot : slots) {
          SlotRules.Outcome outcome =
              rules.decideBatch(slot.state(this), List.of(new ExpireDue(null)), slot.now(now));
          if (outcome.facts().isEmpty()) continue;
          quiet = false;
          slot.journal.add(outcome.facts());
          stored(outcome.facts());
          slot.live = outcome.state();
        }
        if (quiet) break;
      }
      for (String holdId : storedHolds) {
        StringBuilder where = new StringBuilder();
        for (SimSlot slot : slots) {
          slot.state(this).allHolds().stream()
              .filter(h -> h.holdId().equals(holdId))
              .forEach(
                  h ->
                      where
                          .append(slot.slotId)
                          .append(": ")
                          .append(h)
                          .append(", next expiry ")
                          .append(slot.state(this).holds().next())
                          .append(", facts ")
                          .append(
                              slot.journal.stream()
                                  .flatMap(List::stream)
                                  .filter(f -> f.toString().contains(holdId))
                                  .toList())
                          .append("; "));
        }
        assertEquals(
            1,
            holdEnds.getOrDefault(holdId, 0),
            "hold " + holdId + " did not end exactly once by the world's end: " + where);
      }
    }

    // ---- the parts

    /** One slot: its journal (what was stored) and its live state (null while down). */
    static final class SimSlot {
      final String slotId;
      final Instant start;
      final Duration skew;
      final int capacity;
      final List<List<SlotFact>> journal = new ArrayList<>();
      final List<Saga> mailbox = new ArrayList<>();
      SlotState live;

      SimSlot(String slotId, Instant start, Duration skew, int capacity) {
        this.slotId = slotId;
        this.start = start;
        this.skew = skew;
        this.capacity = capacity;
      }

      Instant now(Instant worldNow) {
        return worldNow.plus(skew);
      }

      SlotState state(World world) {
        if (live == null) {
          // Recovered from a snapshot of a prefix of the journal and the rest replayed, as the
          // ledger does.
          int prefix = world.random.nextInt(journal.size() + 1);
          SlotState state = world.empty();
          for (List<SlotFact> facts : journal.subList(0, prefix)) state = state.apply(facts);
          state = SlotSnapshot.of(state).toState(world.slotSettings.history());
          for (List<SlotFact> facts : journal.subList(prefix, journal.size()))
            state = state.apply(facts);
          live = state;
        }
        return live;
      }

      SlotState replay(World world) {
        SlotState state = world.empty();
        for (List<SlotFact> facts : journal) state = state.apply(facts);
        return state;
      }
    }

    /** The allowance bucket: its journal, its live book (null while down) and what it remembers. */
    static final class SimBucket {
      final List<BucketEvent> journal = new ArrayList<>();
      AllowanceBook live = AllowanceBook.EMPTY;
      final Map<CustomerGrant, Integer> duplicates = new HashMap<>();
      final Map<CustomerGrant, Instant> foundInUse = new HashMap<>();

      AllowanceBook state(World world) {
        if (live == null) {
          AllowanceBook book = AllowanceBook.EMPTY;
          for (BucketEvent event : journal) book = book.apply(event);
          live = book;
        }
        return live;
      }

      void crash() {
        live = null;
        duplicates.clear();
        foundInUse.clear();
      }

      WriteResult write(World world, List<BucketEvent> events) {
        AllowanceBook book = state(world);
        WriteResult written = world.write();
        if (written == WriteResult.FAILED) {
          world.log("bucket write failed: " + events);
          crash();
          return written;
        }
        journal.addAll(events);
        for (BucketEvent event : events) book = book.apply(event);
        live = book;
        if (written == WriteResult.STORED_ANSWER_LOST) {
          world.log("bucket stored " + events + ", answer lost");
          crash();
        }
        return written;
      }

      /** A slot's "ended" or a saga's "refused", decided as the bucket decides it. */
      void ended(World world, CustomerGrant grant) {
        AllowanceState state = state(world).of(grant.customerId());
        switch (AllowanceRules.ended(state, grant.grantId(), duplicates.get(grant))) {
          case ONE_OF_DUPLICATES -> duplicates.merge(grant, -1, Integer::sum);
          case UNKNOWN -> {}
          case RELEASE -> {
            duplicates.remove(grant);
            foundInUse.remove(grant);
            write(
                world,
                List.of(new BucketEvent.Released(grant.customerId(), List.of(grant.grantId()))));
          }
        }
      }
    }

    /** A client's request: for a limited kind, first the bucket, then the slot. */
    final class Saga {
      final Kind kind;
      final String customer;
      final SimSlot slot;
      final String key;
      final int seats;
      final String target;
      final Instant deadline;

      Saga(
          Kind kind,
          String customer,
          SimSlot slot,
          String key,
          int seats,
          String target,
          Instant deadline) {
        this.kind = kind;
        this.customer = customer;
        this.slot = slot;
        this.key = key;
        this.seats = seats;
        this.target = target;
        this.deadline = deadline;
      }

      Saga retry(Instant newDeadline) {
        return new Saga(kind, customer, slot, key, seats, target, newDeadline);
      }

      String grantId() {
        return CustomerLimits.grantId(kind.name(), slot.slotId, key, seats);
      }

      Request request() {
        return switch (kind) {
          case BOOK -> new Book(customer, seats, key, Map.of(), grantId(), null, deadline, null);
          case HOLD ->
              new PlaceHold(
                  customer,
                  seats,
                  Duration.ofSeconds(30 + seats * 30L),
                  key,
                  Map.of(),
                  grantId(),
                  null,
                  deadline,
                  null);
          case JOIN ->
              new JoinWaitlist(
                  customer, seats, Map.of(), seats == 1, grantId(), null, deadline, null);
          case CANCEL -> new Cancel(target, null, deadline);
          case CONFIRM -> new ConfirmHold(target, null, deadline);
          case RELEASE -> new ReleaseHold(target, null, deadline);
          case LEAVE -> new LeaveWaitlist(target, null, deadline);
        };
      }

      @Override
      public String toString() {
        return kind
            + "("
            + customer
            + ", "
            + slot.slotId
            + (key != null ? ", key " + key + ", " + seats + " seat(s)" : ", " + target)
            + ", deadline +"
            + Duration.between(T0, deadline).toMillis()
            + " ms)";
      }
    }
  }
}
