package com.reservation.engine.journal;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest sequence numbers that the snapshot store read together with the snapshots, kept for
 * the journal's next question. A recovering entity asks the snapshot store for its snapshot and
 * then the journal for its highest sequence number, one round trip each; {@link
 * PostgresSnapshotStore} answers both in the statement it loads the snapshots of many entities
 * with, and the journal takes the answer from here.
 *
 * <p>An answer is only used when no write of that entity started or ended after the statement was
 * sent: {@link #expect} registers the entity before the statement goes out, {@link #written} spoils
 * it from the journal's side, and the journal asks the database whenever it has no unspoiled
 * answer. One answer serves one question. Answers nobody took (a recovery that failed between its
 * two steps, or another journal plugin) are dropped after {@link #MAX_AGE_NANOS}.
 */
public final class RecoveryPrefetch implements Extension {
  private static final long MAX_AGE_NANOS = 10_000_000_000L;
  private static final int PRUNE_ABOVE = 10_000;

  private static final Id ID = new Id();

  /** The extension's id: one prefetch per actor system (a test JVM may hold several nodes). */
  public static final class Id extends AbstractExtensionId<RecoveryPrefetch>
      implements ExtensionIdProvider {
    @Override
    public Id lookup() {
      return ID;
    }

    @Override
    public RecoveryPrefetch createExtension(ExtendedActorSystem system) {
      return new RecoveryPrefetch();
    }
  }

  public static RecoveryPrefetch get(ActorSystem system) {
    return ID.get(system);
  }

  /** One entity's answer: unknown (-1) until the statement returns. */
  static final class Answer {
    private final long createdNanos = System.nanoTime();
    private volatile long highest = -1;
    private volatile boolean spoiled;

    void highest(long highest) {
      this.highest = highest;
    }
  }

  private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();

  /** Before a statement that reads {@code persistenceId}'s highest sequence number is sent. */
  Answer expect(String persistenceId) {
    if (answers.size() > PRUNE_ABOVE) {
      long now = System.nanoTime();
      answers.values().removeIf(answer -> now - answer.createdNanos > MAX_AGE_NANOS);
    }
    Answer answer = new Answer();
    answers.put(persistenceId, answer);
    return answer;
  }

  /** A write of {@code persistenceId} started or ended: what was read for it may be old. */
  void written(String persistenceId) {
    Answer answer = answers.get(persistenceId);
    if (answer != null) answer.spoiled = true;
  }

  /** The answer read for {@code persistenceId}, if one is there and still true; taken once. */
  OptionalLong take(String persistenceId) {
    Answer answer = answers.remove(persistenceId);
    if (answer == null
        || answer.spoiled
        || answer.highest < 0
        || System.nanoTime() - answer.createdNanos > MAX_AGE_NANOS) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(answer.highest);
  }
}
