package com.reservation.engine.slot.storage;

import akka.serialization.jackson.JacksonMigration;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads snapshots that Jackson stored while {@link SlotSnapshot} was {@code
 * com.reservation.engine.slot.SlotSnapshot}: Jackson's manifest is the class name, and such a
 * snapshot (from before the compact format) must still recover its slot. The content is unchanged;
 * only the name moved. Registered in {@code reservation-engine.conf} under the old name.
 */
public final class SlotSnapshotMoved extends JacksonMigration {
  @Override
  public int currentVersion() {
    // A manifest without a version reads as version 1: anything older than this is renamed.
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return SlotSnapshot.class.getName();
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
