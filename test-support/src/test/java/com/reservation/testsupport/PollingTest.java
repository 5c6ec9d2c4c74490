package com.reservation.testsupport;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingTest {
  @Test
  void returnsAsSoonAsTheConditionHolds() {
    AtomicInteger checks = new AtomicInteger();
    long start = System.nanoTime();
    Duration took =
        Polling.until(Duration.ofSeconds(30), () -> checks.incrementAndGet() == 3, "a third check");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(3, checks.get(), "no check after the one that held");
    assertTrue(elapsedMs < 5_000, "returned early, not at the deadline: " + elapsedMs + " ms");
    assertTrue(took.toMillis() <= elapsedMs, took + " measured within " + elapsedMs + " ms");
  }

  @Test
  void aConditionThatHoldsAtOnceIsCheckedOnce() {
    AtomicInteger checks = new AtomicInteger();
    Polling.until(Duration.ofSeconds(1), () -> checks.incrementAndGet() > 0, "anything");
    assertEquals(1, checks.get());
  }

  @Test
  void timesOutWithAMessageThatNamesWhatWasAwaited() {
    long start = System.nanoTime();
    AssertionError timedOut =
        assertThrows(
            AssertionError.class,
            () -> Polling.until(Duration.ofMillis(200), () -> false, "the moon to turn blue"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMs >= 200, "waited until the deadline: " + elapsedMs + " ms");
    assertTrue(
        timedOut
            .getMessage()
            .startsWith("timed out after PT0.2S waiting for the moon to turn blue"),
        timedOut.getMessage());
    assertTrue(timedOut.getMessage().contains("checked "), timedOut.getMessage());
    assertFalse(timedOut.getMessage().contains("last seen"), "a false is not worth saying");
  }

  @Test
  void aThrowingCheckIsRetriedAndItsLastFailureIsTheCause() {
    AtomicInteger checks = new AtomicInteger();
    String value =
        Polling.untilPasses(
            Duration.ofSeconds(30),
            Duration.ofMillis(1),
            () -> {
              if (checks.incrementAndGet() < 3) throw new IllegalStateException("not yet");
              assertEquals(4, checks.incrementAndGet(), "an assertion that passes");
              return "done";
            },
            "the third try");
    assertEquals("done", value);

    AssertionError timedOut =
        assertThrows(
            AssertionError.class,
            () ->
                Polling.untilPasses(
                    Duration.ofMillis(100),
                    Duration.ofMillis(10),
                    () -> {
                      assertEquals(1, 2, "one is not two");
                      return null;
                    },
                    "one to be two"));
    assertInstanceOf(AssertionError.class, timedOut.getCause());
    assertTrue(timedOut.getMessage().contains("one is not two"), timedOut.getMessage());
  }

  @Test
  void aTimeoutNamesTheLastValueRead() {
    AtomicInteger reads = new AtomicInteger();
    AssertionError timedOut =
        assertThrows(
            AssertionError.class,
            () ->
                Polling.until(
                    Duration.ofMillis(100),
                    Duration.ofMillis(10),
                    () -> "answer " + reads.incrementAndGet(),
                    answer -> answer.equals("never"),
                    "the answer never"));
    assertTrue(
        timedOut.getMessage().contains("last seen: answer " + reads.get()), timedOut.getMessage());
  }

  @Test
  void anInterruptedWaitFailsAtOnceAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      long start = System.nanoTime();
      AssertionError interrupted =
          assertThrows(
              AssertionError.class,
              () -> Polling.until(Duration.ofSeconds(30), () -> false, "something"));
      assertTrue(interrupted.getMessage().contains("interrupted"), interrupted.getMessage());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "did not wait");
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
