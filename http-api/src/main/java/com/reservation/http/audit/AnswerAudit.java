package com.reservation.http.audit;

import com.reservation.engine.customer.AllowanceBook;
import com.reservation.engine.customer.AllowanceBucket;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.rules.Booking;
import com.reservation.engine.slot.rules.Hold;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.rules.WaitlistEntry;
import com.reservation.http.audit.StoredHistory.ReadModelRow;
import com.reservation.http.audit.StoredHistory.SlotJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares every answer the clients got with the stored history. A client that got 200/201 was
 * promised something the journal must show; a client that got no answer, or a 5xx, does not know,
 * and nothing is required of that request. Besides the answers it checks what must hold of the
 * store alone: every hold past its expiry ended, the allowances cover every active booking, hold
 * and entry and no customer ever had more of them at once than the limit, and the read model equals
 * the journal.
 */
public final class AnswerAudit {
  private final StoredHistory history;
  private final int limit;
  private final Instant now;
  private final Duration expiryGrace;
  private final List<String> violations = new ArrayList<>();
  private final List<String> stale = new ArrayList<>();
  private final Map<String, Long> figures = new TreeMap<>();

  /** Customer -> grant -> the span the slots used it in (grant ids are unique per customer). */
  private final Map<String, Map<String, Use>> usesByCustomer = new HashMap<>();

  /**
   * What the audit found: violations (empty when all holds), stale answers (a 404 for a booking,
   * hold or entry the journal holds: what a node that lost its membership, or a second cluster,
   * answers from the memory of a slot it should no longer run; reported, not failed, as nothing
   * stored is wrong) and counts for the summary.
   */
  public record Report(List<String> violations, List<String> stale, Map<String, Long> figures) {
    public boolean passed() {
      return violations.isEmpty();
    }
  }

  private AnswerAudit(StoredHistory history, int limit, Instant now, Duration expiryGrace) {
    this.history = history;
    this.limit = limit;
    this.now = now;
    this.expiryGrace = expiryGrace;
  }

  /**
   * @param limit the venue's per-customer limit (0: none)
   * @param expiryGrace how long past its {@code expiresAt} a hold may still read HELD
   */
  public static Report check(
      StoredHistory history, List<Answer> answers, int limit, Instant now, Duration expiryGrace) {
    AnswerAudit audit = new AnswerAudit(history, limit, now, expiryGrace);
    audit.violations.addAll(history.problems());
    audit.answers(answers);
    audit.holds();
    audit.allowances();
    audit.readModel();
    audit.figures.put("journal.events", history.events());
    audit.figures.put("journal.slots", (long) history.slots().size());
    return new Report(
        List.copyOf(audit.violations), List.copyOf(audit.stale), Map.copyOf(audit.figures));
  }

  private void count(String figure) {
    figures.merge(figure, 1L, Long::sum);
  }

  private void violation(String text) {
    violations.add(text);
  }

  private Optional<SlotState> slot(String slotId) {
    return Optional.ofNullable(history.slots().get(slotId)).map(SlotJournal::state);
  }

  private Optional<Booking> booking(String slotId, String bookingId) {
    return bookingId == null ? Optional.empty() : slot(slotId).flatMap(s -> s.booking(bookingId));
  }

  private Optional<Hold> hold(String slotId, String holdId) {
    return holdId == null ? Optional.empty() : slot(slotId).flatMap(s -> s.holds().get(holdId));
  }

  private Optional<WaitlistEntry> entry(String slotId, String entryId) {
    return entryId == null
        ? Optional.empty()
        : slot(slotId).flatMap(s -> s.waitlist().get(entryId));
  }

  // --- what the clients were told

  private void answers(List<Answer> answers) {
    // Bookings some client asked to cancel, whatever it was answered: only those may be cancelled.
    Set<String> cancelAsked = new HashSet<>();
    for (Answer a : answers) {
      if (a.op().equals("cancel")) cancelAsked.add(a.slotId() + "/" + a.target());
    }
    for (Answer a : answers) {
      count("answers");
      count("answers." + a.op() + "." + (a.status() == 0 ? "none" : a.status()));
      if (a.problem() != null) count("problems." + a.op() + "." + a.problem());
      if (!a.known()) {
        count("answers.unknown-outcome");
        continue;
      }
      if (a.status() == 404 && a.target() != null && stored(a)) {
        count("answers.stale-not-found");
        stale.add("answered not-found for what the journal holds: " + a.describe());
        continue;
      }
      switch (a.op()) {
        case "book" -> {
          if (a.success()) promisedBooking(a, a.bookingId(), cancelAsked);
        }
        case "confirm" -> {
          if (a.success()) {
            Optional<Hold> hold = hold(a.slotId(), a.target());
            if (hold.isEmpty()) {
              violation("confirmed hold absent from the journal: " + a.describe());
            } else if (hold.get().status() != HoldStatus.CONFIRMED
                || !hold.get().bookingId().equals(a.bookingId())) {
              violation(
                  "confirmed hold is "
                      + hold.get().status()
                      + " (booking "
                      + hold.get().bookingId()
                      + ", answered "
                      + a.bookingId()
                      + ") in the journal: "
                      + a.describe());
            }
            promisedBooking(a, a.bookingId(), cancelAsked);
          } else if ("hold-expired".equals(a.problem())) {
            hold(a.slotId(), a.target())
                .filter(h -> h.status() != HoldStatus.RELEASED && h.status() != HoldStatus.EXPIRED)
                .ifPresent(
                    h ->
                        violation(
                            "answered hold-expired but the hold is "
                                + h.status()
                                + ": "
                                + a.describe()));
          }
        }
        case "cancel" -> {
          if (a.success()) {
            Optional<Booking> booking = booking(a.slotId(), a.target());
            if (booking.isEmpty()) {
              violation("cancelled booking absent from the journal: " + a.describe());
            } else if (booking.get().isConfirmed()) {
              violation("answered cancelled, still confirmed in the journal: " + a.describe());
            }
          }
        }
        case "hold" -> {
          if (a.success()) {
            Optional<Hold> hold = hold(a.slotId(), a.holdId());
            if (hold.isEmpty()) {
              violation("hold " + a.holdId() + " absent from the journal: " + a.describe());
            } else if (!hold.get().customerId().equals(a.customerId())) {
              violation("hold " + a.holdId() + " belongs to someone else: " + a.describe());
            }
          }
        }
        case "release" -> {
          if (a.success()) {
            HoldStatus answered = a.state() == null ? HoldStatus.RELEASED : status(a.state());
            Optional<Hold> hold = hold(a.slotId(), a.target());
            if (hold.isEmpty()) {
              violation("released hold absent from the journal: " + a.describe());
            } else if (hold.get().status() != answered) {
              violation(
                  "answered "
                      + answered
                      + ", the journal says "
                      + hold.get().status()
                      + ": "
                      + a.describe());
            }
          }
        }
        case "join" -> {
          if (a.success()) {
            Optional<WaitlistEntry> entry = entry(a.slotId(), a.entryId());
            if (entry.isEmpty()) {
              violation("entry " + a.entryId() + " absent from the journal: " + a.describe());
            } else if (!entry.get().customerId().equals(a.customerId())) {
              violation("entry " + a.entryId() + " belongs to someone else: " + a.describe());
            }
          }
        }
        case "entry" -> {
          if (a.success() && a.holdId() != null) {
            Optional<WaitlistEntry> entry = entry(a.slotId(), a.target());
            if (entry.isEmpty() || !a.holdId().equals(entry.get().holdId())) {
              violation("offered hold not the entry's in the journal: " + a.describe());
            } else if (hold(a.slotId(), a.holdId()).isEmpty()) {
              violation("offered hold absent from the journal: " + a.describe());
            }
          }
        }
        case "leave" -> {
          if (a.success()) {
            Optional<WaitlistEntry> entry = entry(a.slotId(), a.target());
            if (entry.isEmpty()) {
              violation("left entry absent from the journal: " + a.describe());
            } else if (entry.get().status() != EntryStatus.LEFT
                && !entry.get().status().name().equals(a.state())) {
              violation(
                  "answered "
                      + a.state()
                      + ", the journal says "
                      + entry.get().status()
                      + ": "
                      + a.describe());
            }
          }
        }
        default -> {
          // reads (slot views) promise nothing about the store
        }
      }
    }
  }

  /** Whether the booking, hold or entry the request named is in the journal. */
  private boolean stored(Answer a) {
    return switch (a.op()) {
      case "cancel" -> booking(a.slotId(), a.target()).isPresent();
      case "confirm", "release" -> hold(a.slotId(), a.target()).isPresent();
      case "entry", "leave" -> entry(a.slotId(), a.target()).isPresent();
      default -> false;
    };
  }

  private static HoldStatus status(String state) {
    try {
      return HoldStatus.valueOf(state);
    } catch (IllegalArgumentException e) {
      return HoldStatus.RELEASED;
    }
  }

  /**
   * A booking the client was told of exists, is its, and is confirmed unless it asked to cancel.
   */
  private void promisedBooking(Answer a, String bookingId, Set<String> cancelAsked) {
    count("promised.bookings");
    Optional<Booking> booking = booking(a.slotId(), bookingId);
    if (booking.isEmpty()) {
      violation("booking " + bookingId + " absent from the journal: " + a.describe());
    } else if (!booking.get().customerId().equals(a.customerId())) {
      violation("booking " + bookingId + " belongs to someone else: " + a.describe());
    } else if (!booking.get().isConfirmed()
        && !cancelAsked.contains(a.slotId() + "/" + bookingId)) {
      violation(
          "booking "
              + bookingId
              + " cancelled although its client never asked to: "
              + a.describe());
    }
  }

  // --- what must hold of the store alone

  private void holds() {
    for (SlotJournal slot : history.slots().values()) {
      for (Hold h : slot.state().allHolds()) {
        count("journal.holds." + h.status());
        if (h.status() == HoldStatus.HELD) {
          if (h.expiresAt().plus(expiryGrace).isBefore(now)) {
            violation(
                slot.slotId()
                    + ": hold "
                    + h.holdId()
                    + " still HELD "
                    + Duration.between(h.expiresAt(), now).toSeconds()
                    + " s after it expired at "
                    + h.expiresAt());
          } else {
            count("journal.holds.HELD-not-due");
          }
        }
      }
      for (Booking b : slot.state().allBookings()) {
        count(b.isConfirmed() ? "journal.bookings.CONFIRMED" : "journal.bookings.CANCELLED");
      }
      for (WaitlistEntry e : slot.state().waitlist().all()) {
        count("journal.entries." + e.status());
      }
    }
  }

  /** A span of time one grant was in use by a customer's booking, hold or entry. */
  private record Use(Instant from, Instant to) {
    Use merge(Use other) {
      Instant end = to == null || other.to == null ? null : (to.isAfter(other.to) ? to : other.to);
      return new Use(from.isBefore(other.from) ? from : other.from, end);
    }
  }

  private void allowances() {
    if (limit <= 0) return;
    // The grants in use now, by customer, with what uses each (usesByCustomer: when each grant
    // was in use).
    Map<String, Map<String, String>> active = new HashMap<>();
    for (SlotJournal slot : history.slots().values()) {
      SlotState s = slot.state();
      if (!s.isDefined() || !s.definition().startInstant().isAfter(now)) continue;
      for (Booking b : s.allBookings()) {
        Instant from = b.bookedAt();
        if (b.holdId() != null) {
          Optional<Hold> hold = s.holds().get(b.holdId());
          if (hold.isPresent()) from = hold.get().createdAt();
        }
        use(slot, b.customerId(), b.grantId(), new Use(from, b.cancelledAt()), "booking");
        if (b.isConfirmed()) {
          active(
              active,
              b.customerId(),
              b.grantId(),
              slot.slotId() + " booking " + b.bookingId() + " booked at " + b.bookedAt());
        }
      }
      for (Hold h : s.allHolds()) {
        // A confirmed hold's time continues as its booking's.
        Instant to = h.status() == HoldStatus.HELD ? null : h.endedAt();
        use(slot, h.customerId(), h.grantId(), new Use(h.createdAt(), to), "hold");
        if (h.isHeld()) {
          active(
              active,
              h.customerId(),
              h.grantId(),
              slot.slotId() + " hold " + h.holdId() + " made at " + h.createdAt());
        }
      }
      for (WaitlistEntry e : s.waitlist().all()) {
        use(slot, e.customerId(), e.grantId(), new Use(e.joinedAt(), e.endedAt()), "entry");
        if (e.isActive()) {
          active(
              active,
              e.customerId(),
              e.grantId(),
              slot.slotId()
                  + " entry "
                  + e.entryId()
                  + " "
                  + e.status()
                  + " joined at "
                  + e.joinedAt());
        }
      }
    }
    for (Map.Entry<String, Map<String, Use>> customer : usesByCustomer.entrySet()) {
      int most = mostAtOnce(customer.getValue().values());
      figures.merge("allowance.most-at-once", (long) most, Math::max);
      if (most > limit) {
        violation(
            "customer "
                + customer.getKey()
                + " had "
                + most
                + " bookings, holds and entries at once, over the limit of "
                + limit);
      }
    }
    // Every grant in use now is one its bucket still counts; a grant the bucket let go while a
    // booking uses it is a booking the limit no longer sees.
    Map<String, AllowanceBook> books = history.buckets();
    long unused = 0;
    for (Map.Entry<String, Map<String, String>> customer : active.entrySet()) {
      String bucket = AllowanceBucket.entityId(venueOf(), customer.getKey());
      AllowanceBook book = books.getOrDefault(bucket, AllowanceBook.EMPTY);
      for (Map.Entry<String, String> grant : customer.getValue().entrySet()) {
        if (!book.of(customer.getKey()).has(grant.getKey())) {
          violation(
              "customer "
                  + customer.getKey()
                  + ": grant "
                  + grant.getKey()
                  + " is in use ("
                  + grant.getValue()
                  + ") but its bucket "
                  + bucket
                  + " no longer counts it");
        }
      }
      figures.merge("allowance.grants-in-use", (long) customer.getValue().size(), Long::sum);
    }
    for (AllowanceBook book : books.values()) {
      for (Map.Entry<String, ?> customer : book.customers().asJava().entrySet()) {
        Map<String, String> inUse = active.getOrDefault(customer.getKey(), Map.of());
        for (String grantId : book.of(customer.getKey()).grants().keySet()) {
          if (!inUse.containsKey(grantId)) unused++;
        }
      }
    }
    // Not a fault: such a grant is found out and released when its customer next meets the limit.
    figures.put("allowance.grants-not-in-use", unused);
  }

  private String venueOf() {
    return history.slots().values().stream()
        .filter(s -> s.state().isDefined())
        .map(s -> s.state().definition().venueId())
        .findFirst()
        .orElse("");
  }

  private void use(SlotJournal slot, String customerId, String grantId, Use use, String what) {
    if (grantId == null) {
      violation(
          slot.slotId()
              + ": a "
              + what
              + " of "
              + customerId
              + " uses no allowance although the venue limits customers");
      return;
    }
    // Grant ids are unique per customer only.
    usesOf(customerId).merge(grantId, use, Use::merge);
  }

  private Map<String, Use> usesOf(String customerId) {
    return usesByCustomer.computeIfAbsent(customerId, k -> new HashMap<>());
  }

  private static void active(
      Map<String, Map<String, String>> active, String customerId, String grantId, String what) {
    if (grantId != null)
      active.computeIfAbsent(customerId, k -> new HashMap<>()).put(grantId, what);
  }

  /** The most spans open at one instant; a span ending at the instant another starts is over. */
  private static int mostAtOnce(Iterable<Use> uses) {
    List<Object[]> edges = new ArrayList<>();
    for (Use u : uses) {
      edges.add(new Object[] {u.from(), 1});
      if (u.to() != null) edges.add(new Object[] {u.to(), -1});
    }
    edges.sort(
        Comparator.comparing((Object[] e) -> (Instant) e[0]).thenComparing(e -> (Integer) e[1]));
    int open = 0;
    int most = 0;
    for (Object[] e : edges) {
      open += (Integer) e[1];
      most = Math.max(most, open);
    }
    return most;
  }

  private void readModel() {
    Map<String, ReadModelRow> rows = history.readModel();
    for (SlotJournal slot : history.slots().values()) {
      ReadModelRow row = rows.get(slot.slotId());
      var counts = slot.state().counts();
      if (row == null) {
        violation(slot.slotId() + ": no read model row");
      } else if (row.seqNr() != slot.highestSeqNr()) {
        violation(
            slot.slotId()
                + ": the read model is at event "
                + row.seqNr()
                + ", the journal at "
                + slot.highestSeqNr());
      } else if (row.capacity() != counts.capacity()
          || row.booked() != counts.booked()
          || row.held() != counts.held()
          || row.waiting() != counts.waiting()
          || row.adminClosed() != counts.adminClosed()) {
        violation(slot.slotId() + ": read model " + row + " but the journal gives " + counts);
      }
    }
    for (ReadModelRow row : rows.values()) {
      if (!history.slots().containsKey(row.slotId())
          && (row.booked() != 0 || row.held() != 0 || row.waiting() != 0)) {
        violation(row.slotId() + ": read model " + row + " for a slot with no events");
      }
    }
    figures.put("readmodel.rows", (long) rows.size());
  }

  /** Whether the read model has caught up with every slot's journal (the audit waits for it). */
  public static boolean readModelCaughtUp(StoredHistory history) {
    for (SlotJournal slot : history.slots().values()) {
      ReadModelRow row = history.readModel().get(slot.slotId());
      if (row == null || row.seqNr() < slot.highestSeqNr()) return false;
    }
    return true;
  }

  /** Holds that should have expired by {@code now} (with {@code grace}) and still read HELD. */
  public static long overdueHolds(StoredHistory history, Instant now, Duration grace) {
    return history.slots().values().stream()
        .flatMap(s -> s.state().allHolds().stream())
        .filter(h -> h.isHeld() && h.expiresAt().plus(grace).isBefore(now))
        .count();
  }
}
