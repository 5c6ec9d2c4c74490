package com.reservation.engine.waitingroom;

import java.util.Optional;

/** How a room orders its line. */
public enum LineOrder {
  /**
   * Everyone who joined before the opening in one uniformly random order, decided at the opening;
   * later arrivals behind them, first come first served.
   */
  RANDOM_THEN_FIFO("random-then-fifo"),
  /** First come first served, before and after the opening. */
  FIFO("fifo"),
  /**
   * As {@link #RANDOM_THEN_FIFO} for the opening; later arrivals are shuffled among those who
   * arrived within the same admission round (about a second) and placed behind everyone before.
   */
  RANDOM("random");

  private final String wireName;

  LineOrder(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<LineOrder> ofWireName(String name) {
    for (LineOrder order : values()) if (order.wireName.equals(name)) return Optional.of(order);
    return Optional.empty();
  }
}
