package com.reservation.engine.journal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Items that arrive while a group is being handled wait here and are handled together as the next
 * group: at most {@code maxConcurrent} groups run at once, each of at most {@code maxWeight} (an
 * item is never split; a heavier one goes alone). Nothing waits on a timer: an item that finds a
 * free place starts a group at once, so an idle system pays no latency, and a busy one gets bigger
 * groups, which is when sharing a round trip matters.
 *
 * <p>The handler answers each item itself (items carry their futures). When the executor refuses to
 * run a group, every waiting item is handed to {@code refused}.
 */
final class GroupedWork<T> {
  private final Executor executor;
  private final int maxConcurrent;
  private final int maxWeight;
  private final ToIntFunction<T> weight;
  private final Consumer<List<T>> handler;
  private final BiConsumer<List<T>, Exception> refused;
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private int running;

  GroupedWork(
      Executor executor,
      int maxConcurrent,
      int maxWeight,
      ToIntFunction<T> weight,
      Consumer<List<T>> handler,
      BiConsumer<List<T>, Exception> refused) {
    this.executor = executor;
    this.maxConcurrent = Math.max(1, maxConcurrent);
    this.maxWeight = Math.max(1, maxWeight);
    this.weight = weight;
    this.handler = handler;
    this.refused = refused;
  }

  void submit(T item) {
    boolean start;
    synchronized (this) {
      queue.add(item);
      start = running < maxConcurrent;
      if (start) running++;
    }
    if (!start) return;
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      List<T> waiting;
      synchronized (this) {
        running--;
        waiting = new ArrayList<>(queue);
        queue.clear();
      }
      refused.accept(waiting, e);
    }
  }

  private void drain() {
    while (true) {
      List<T> group = nextGroup();
      if (group == null) return;
      handler.accept(group);
    }
  }

  /**
   * Everything waiting, up to {@code maxWeight}; null (and one runner fewer) when nothing waits.
   */
  private synchronized List<T> nextGroup() {
    if (queue.isEmpty()) {
      running--;
      return null;
    }
    List<T> group = new ArrayList<>();
    int total = 0;
    while (!queue.isEmpty()
        && (group.isEmpty() || total + weight.applyAsInt(queue.peek()) <= maxWeight)) {
      T next = queue.poll();
      total += weight.applyAsInt(next);
      group.add(next);
    }
    return group;
  }
}
