package com.reservation.engine.store;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDBC executor's bound: the task beyond it is refused at once, and a place frees when a task
 * ends.
 */
class BoundedExecutorTest {
  @Test
  void refusesBeyondItsLimitAndFreesPlacesAsTasksEnd() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      BoundedExecutor executor = new BoundedExecutor(pool, 3);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<?>[] taken = new CompletableFuture<?>[3];
      for (int i = 0; i < 3; i++)
        taken[i] = CompletableFuture.runAsync(() -> await(release), executor);
      assertEquals(3, executor.taken());
      assertThrows(BoundedExecutor.Full.class, () -> executor.execute(() -> {}));
      // Inside a stage the refusal is a failed stage, which the HTTP layer answers 503 overloaded.
      CompletableFuture<String> refused =
          CompletableFuture.completedFuture("x")
              .thenCompose(x -> CompletableFuture.supplyAsync(() -> x, executor));
      assertTrue(refused.isCompletedExceptionally());
      release.countDown();
      CompletableFuture.allOf(taken).get(10, TimeUnit.SECONDS);
      // A task's place is given back just after its body ends (and its future completes): wait for
      // that, bounded.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (executor.taken() != 0 && System.nanoTime() < deadline) Thread.onSpinWait();
      assertEquals(0, executor.taken());
      assertEquals(
          "ok", CompletableFuture.supplyAsync(() -> "ok", executor).get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
