package com.reservation.engine.slot;

import com.reservation.engine.slot.api.SlotDefinition;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a slot entity learns its definition the first time it is touched: schedules write
 * definitions to the catalog (validated whole, all-or-nothing) without waking one entity per slot.
 */
public interface SlotCatalog {
  CompletionStage<Optional<SlotDefinition>> find(String slotId);

  /**
   * A catalog that knows no slot: entities are then defined only by explicit {@code DefineSlot}
   * commands.
   */
  SlotCatalog NONE = slotId -> CompletableFuture.completedFuture(Optional.empty());
}
