package com.reservation.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /admin/cluster/slots/{slotId}}: a slot's shard and the node hosting it now, written as
 * null while the shard is not allocated (nobody asked for it since the last rebalance or failover).
 */
public record SlotPlacement(
    String slotId, String shardId, @JsonInclude(JsonInclude.Include.ALWAYS) String node) {}
