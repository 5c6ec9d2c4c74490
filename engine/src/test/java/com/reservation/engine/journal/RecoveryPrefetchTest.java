package com.reservation.engine.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** An answer read with a snapshot is used once, and never after a write of its entity moved. */
class RecoveryPrefetchTest {
  private final RecoveryPrefetch prefetch = new RecoveryPrefetch.Id().createExtension(null);

  @Test
  void anAnswerIsTakenOnce() {
    prefetch.expect("a").highest(7);
    assertEquals(OptionalLong.of(7), prefetch.take("a"));
    assertEquals(OptionalLong.empty(), prefetch.take("a"));
  }

  @Test
  void noAnswerBeforeTheStatementReturned() {
    prefetch.expect("b");
    assertEquals(OptionalLong.empty(), prefetch.take("b"));
  }

  @Test
  void aWriteWhileTheStatementRunsSpoilsTheAnswer() {
    RecoveryPrefetch.Answer answer = prefetch.expect("c");
    prefetch.written("c");
    answer.highest(3);
    assertEquals(OptionalLong.empty(), prefetch.take("c"));
  }

  @Test
  void writesOfOtherEntitiesDoNot() {
    prefetch.expect("d").highest(0);
    prefetch.written("e");
    assertEquals(OptionalLong.of(0), prefetch.take("d"));
  }
}
