package com.reservation.http.routes;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Admission control: at most {@code max} slot requests in flight on this node. Beyond it a request
 * is refused at once (503 {@code overloaded}) instead of queueing into timeouts, so a burst
 * degrades into fast refusals the client can retry, and the requests already admitted keep their
 * latency. One atomic counter: cheap on the hot path.
 */
public final class Admission {
  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  public Admission(int max) {
    this.max = max;
  }

  /**
   * Runs {@code call} if there is room, releasing its place when its answer (or failure) arrives;
   * when the node is at its bound, {@code call} is not made and the answer is {@code refused}'s.
   */
  public <T> CompletionStage<T> admit(
      Supplier<CompletionStage<T>> call, Supplier<CompletionStage<T>> refused) {
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      return refused.get();
    }
    CompletionStage<T> answer;
    try {
      answer = call.get();
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      return CompletableFuture.failedFuture(e);
    }
    return answer.whenComplete((result, failure) -> inFlight.decrementAndGet());
  }

  public int inFlight() {
    return inFlight.get();
  }
}
