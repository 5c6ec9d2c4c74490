package com.reservation.engine.schedule;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.reservation.engine.slot.SlotCatalog;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotId;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The slot catalog as a slot entity reads it on first touch, one venue-day at a time: the first
 * slot of a day woken on this node loads the whole day's definitions in one query, and the day's
 * other slots find theirs in memory. A burst over a day's 48 slots thus costs one catalog query
 * instead of 48, and a never-touched slot reaches its first write after two round trips (snapshot
 * and journal), not three.
 *
 * <p>A day in memory may miss a slot a schedule added since it was loaded, so a miss is never taken
 * from memory: it asks the catalog for that one slot (and drops the day when the slot exists). A
 * hit is always right: catalog entries are never removed, and what an entity takes from one is only
 * its first definition.
 */
public final class CatalogDays implements SlotCatalog {
  private record Day(String venueId, LocalDate date) {}

  private final ScheduleRepository catalog;
  private final AsyncLoadingCache<Day, Map<String, SlotDefinition>> days;

  public CatalogDays(
      ScheduleRepository catalog, Executor executor, Duration keepFor, long maxDays) {
    this.catalog = catalog;
    this.days =
        Caffeine.newBuilder()
            .executor(executor)
            .expireAfterWrite(keepFor)
            .maximumSize(maxDays)
            .buildAsync(
                (day, ignored) -> catalog.day(day.venueId(), day.date()).toCompletableFuture());
  }

  @Override
  public CompletionStage<Optional<SlotDefinition>> find(String slotId) {
    Optional<SlotId.Parts> parts = SlotId.parse(slotId);
    if (parts.isEmpty()) return catalog.find(slotId);
    Day day = new Day(parts.get().venueId(), parts.get().localStart().toLocalDate());
    return days.get(day)
        .thenCompose(
            definitions -> {
              SlotDefinition found = definitions.get(slotId);
              if (found != null) return CompletableFuture.completedFuture(Optional.of(found));
              return catalog
                  .find(slotId)
                  .thenApply(
                      direct -> {
                        // Defined since the day was loaded: load it afresh next time. (A slot that
                        // does not exist keeps the day, so a burst of unknown ids cannot make every
                        // lookup reload it.)
                        if (direct.isPresent()) days.synchronous().invalidate(day);
                        return direct;
                      });
            });
  }
}
