package com.reservation.engine.slot.rules;

import com.reservation.engine.slot.api.EntryStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The waitlist part of a slot's state: every entry it took (ended ones too, for lookups), the
 * WAITING ones in line by arrival, and each customer's active (WAITING or OFFERED) entry.
 *
 * @param line WAITING entries by their place in line ({@link WaitlistEntry#seq()})
 * @param nextSeq the place the next entry takes; never reused, so the order of arrival survives
 *     everything
 * @param firstFit the policy: false offers freed seats to the first entry only (an entry that does
 *     not fit blocks those behind it), true to the first entry whose seats fit
 */
public record Waitlist(
    PersistentMap<String, WaitlistEntry> byId,
    PersistentSortedMap<Long, String> line,
    PersistentMap<String, String> activeIdByCustomer,
    long nextSeq,
    boolean firstFit) {

  public static final Waitlist EMPTY =
      new Waitlist(
          PersistentMap.empty(), PersistentSortedMap.empty(), PersistentMap.empty(), 0, false);

  public Optional<WaitlistEntry> get(String entryId) {
    return byId.get(entryId);
  }

  public Optional<WaitlistEntry> activeOf(String customerId) {
    return activeIdByCustomer.get(customerId).flatMap(byId::get);
  }

  /** Entries still waiting in line. */
  public int waiting() {
    return line.size();
  }

  /** 1 + the WAITING entries ahead of this WAITING one. */
  public int position(WaitlistEntry entry) {
    return line.countBefore(entry.seq()) + 1;
  }

  /** The WAITING entries in line order. */
  public Iterator<WaitlistEntry> inLine() {
    Iterator<Map.Entry<Long, String>> ids = line.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public WaitlistEntry next() {
        return byId.get(ids.next().getValue()).orElseThrow();
      }
    };
  }

  /** With a new entry at the end of the line. */
  Waitlist join(WaitlistEntry entry, boolean newFirstFit) {
    return new Waitlist(
        byId.with(entry.entryId(), entry),
        line.with(entry.seq(), entry.entryId()),
        activeIdByCustomer.with(entry.customerId(), entry.entryId()),
        Math.max(nextSeq, entry.seq() + 1),
        newFirstFit);
  }

  /** With a WAITING entry out of line, holding an offer (still the customer's active entry). */
  Waitlist offer(WaitlistEntry waiting, WaitlistEntry offered) {
    return new Waitlist(
        byId.with(offered.entryId(), offered),
        line.without(waiting.seq()),
        activeIdByCustomer,
        nextSeq,
        firstFit);
  }

  /** With an entry ended ({@code ended} is the same entry in its final status). */
  Waitlist end(WaitlistEntry active, WaitlistEntry ended) {
    return new Waitlist(
        byId.with(ended.entryId(), ended),
        line.without(active.seq()),
        activeIdByCustomer.without(active.customerId()),
        nextSeq,
        firstFit);
  }

  /** Without an ended entry (the slot no longer keeps it): look-ups no longer find it. */
  Waitlist forget(WaitlistEntry ended) {
    if (ended.isActive()) throw new IllegalArgumentException("an active entry is never forgotten");
    return new Waitlist(byId.without(ended.entryId()), line, activeIdByCustomer, nextSeq, firstFit);
  }

  /** Every entry (for a snapshot), in no particular order. */
  public List<WaitlistEntry> all() {
    return new ArrayList<>(byId.asJava().values());
  }

  /** Rebuilt from every entry, as a snapshot stores them. */
  static Waitlist of(Iterable<WaitlistEntry> entries, long nextSeq, boolean firstFit) {
    PersistentMap<String, WaitlistEntry> byId = PersistentMap.empty();
    PersistentSortedMap<Long, String> line = PersistentSortedMap.empty();
    PersistentMap<String, String> active = PersistentMap.empty();
    for (WaitlistEntry entry : entries) {
      byId = byId.with(entry.entryId(), entry);
      if (entry.status() == EntryStatus.WAITING) line = line.with(entry.seq(), entry.entryId());
      if (entry.isActive()) active = active.with(entry.customerId(), entry.entryId());
    }
    return new Waitlist(byId, line, active, nextSeq, firstFit);
  }
}
