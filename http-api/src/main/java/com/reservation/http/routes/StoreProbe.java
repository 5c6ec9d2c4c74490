package com.reservation.http.routes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The store half of readiness, shared by every caller: a load balancer, a Kubernetes probe and a
 * monitoring system may each ask many times a second, and each ask must not cost a database round
 * trip. A check starts at most once per {@code maxAge} and never while the previous one still runs;
 * every caller in between gets the last answer. A check that does not answer within {@code
 * patience} (a frozen database) counts as "not reachable" for its callers at once.
 */
final class StoreProbe {
  private record Probe(
      long startedAt, CompletableFuture<Boolean> answer, CompletableFuture<Boolean> check) {}

  private final Supplier<CompletionStage<Boolean>> check;
  private final long maxAgeNanos;
  private final Duration patience;
  private final LongSupplier nanoClock;
  private final AtomicReference<Probe> last = new AtomicReference<>();

  StoreProbe(
      Supplier<CompletionStage<Boolean>> check,
      Duration maxAge,
      Duration patience,
      LongSupplier nanoClock) {
    this.check = check;
    this.maxAgeNanos = maxAge.toNanos();
    this.patience = patience;
    this.nanoClock = nanoClock;
  }

  /**
   * Whether the store answered its last check; starts a new check when that one is older than
   * {@code maxAge}.
   */
  CompletionStage<Boolean> reachable() {
    long now = nanoClock.getAsLong();
    Probe current = last.get();
    if (current != null && (now - current.startedAt < maxAgeNanos || !current.check.isDone()))
      return current.answer;
    Probe next = new Probe(now, new CompletableFuture<>(), new CompletableFuture<>());
    // One caller wins the race to start the check; the others take its answer.
    if (!last.compareAndSet(current, next)) return last.get().answer;
    next.answer.completeOnTimeout(false, patience.toMillis(), TimeUnit.MILLISECONDS);
    CompletionStage<Boolean> started;
    try {
      started = check.get();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete(
        (reachable, failure) -> {
          boolean answer = failure == null && Boolean.TRUE.equals(reachable);
          next.answer.complete(answer);
          next.check.complete(answer);
        });
    return next.answer;
  }
}
