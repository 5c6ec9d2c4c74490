package com.reservation.engine.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Predictable booking ids ({@code b-1}, {@code b-2}, ...) so tests can name the booking a command
 * makes.
 */
public final class SequentialIds implements Supplier<String> {
  private final AtomicInteger next = new AtomicInteger();

  @Override
  public String get() {
    return "b-" + next.incrementAndGet();
  }
}
