package com.reservation.engine.testing;

import akka.persistence.PersistentRepr;
import akka.persistence.journal.Tagged;
import akka.persistence.testkit.JournalOperation;
import akka.persistence.testkit.ProcessingPolicy;
import akka.persistence.testkit.ProcessingResult;
import akka.persistence.testkit.ProcessingSuccess;
import akka.persistence.testkit.ReadEvents;
import akka.persistence.testkit.StorageFailure;
import akka.persistence.testkit.WriteEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A processing policy for the persistence testkit's in-memory journal that records every write (one
 * entry per atomic write, i.e. per persist call) and every replay, can fail writes, and can hold
 * writes until the test releases them.
 *
 * <p>The testkit journal applies the policy synchronously on its own actor, so a held write blocks
 * that journal until released: use it with one entity at a time. A held write that nobody releases
 * fails after {@link #HOLD_LIMIT}.
 */
public final class ControllableJournal implements ProcessingPolicy<JournalOperation> {
  public static final Duration HOLD_LIMIT = Duration.ofSeconds(20);

  /** One atomic write: the events of one persist call. */
  public record Write(String persistenceId, List<Object> events) {}

  /** One replay: the events read for a recovery. */
  public record Read(String persistenceId, List<Object> events) {}

  /** A write waiting for {@link #release()}; it is stored only once released. */
  public static final class Held {
    private final Write write;
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    private Held(Write write) {
      this.write = write;
    }

    public Write write() {
      return write;
    }

    public void release() {
      gate.complete(null);
    }
  }

  private final List<Write> writes = new CopyOnWriteArrayList<>();
  private final List<Read> reads = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();
  private final List<Held> allHeld = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNextWrites = new AtomicInteger();
  private volatile boolean holding;

  @Override
  public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
    if (operation instanceof WriteEvents w) {
      Write write = new Write(persistenceId, List.copyOf(w.getBatch()));
      if (failNextWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return StorageFailure.create(new IllegalStateException("test: the store failed"));
      }
      if (holding) {
        Held h = new Held(write);
        allHeld.add(h);
        held.add(h);
        try {
          h.gate.get(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          return StorageFailure.create(
              new IllegalStateException("test: held write never released", e));
        }
      }
      writes.add(write);
    } else if (operation instanceof ReadEvents r) {
      List<Object> events = new ArrayList<>();
      for (Object read : r.getBatch()) events.add(payload(read));
      reads.add(new Read(persistenceId, List.copyOf(events)));
    }
    return ProcessingSuccess.getInstance();
  }

  private static Object payload(Object read) {
    Object payload = read instanceof PersistentRepr repr ? repr.payload() : read;
    return payload instanceof Tagged tagged ? tagged.payload() : payload;
  }

  /** From now on every write waits for its release. */
  public void holdWrites() {
    holding = true;
  }

  /** Writes after this one pass at once (held ones still wait for their release). */
  public void stopHolding() {
    holding = false;
  }

  /** The next write that started waiting, within {@code timeout}; fails if none did. */
  public Held awaitHeldWrite(Duration timeout) throws InterruptedException {
    Held h = held.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (h == null) throw new AssertionError("no write reached the journal within " + timeout);
    return h;
  }

  /** Releases every held write and stops holding (for clean-up). */
  public void releaseAll() {
    holding = false;
    allHeld.forEach(Held::release);
  }

  public void failNextWrites(int n) {
    failNextWrites.set(n);
  }

  /** Completed writes of {@code persistenceId}, in order. */
  public List<Write> writes(String persistenceId) {
    List<Write> result = new ArrayList<>();
    for (Write w : writes) if (w.persistenceId().equals(persistenceId)) result.add(w);
    return result;
  }

  /** Replays of {@code persistenceId}, in order. */
  public List<Read> reads(String persistenceId) {
    List<Read> result = new ArrayList<>();
    for (Read r : reads) if (r.persistenceId().equals(persistenceId)) result.add(r);
    return result;
  }
}
