package com.reservation.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/cluster}: the cluster as this node sees it. {@code leader} is written as null
 * when there is none, so a client can tell "no leader" from a field it does not know.
 */
public record ClusterView(
    String self,
    String selfStatus,
    @JsonInclude(JsonInclude.Include.ALWAYS) String leader,
    List<Member> members,
    List<String> unreachable,
    Sharding sharding) {

  /** A member; {@code roles} leaves out the data-center role every member carries. */
  public record Member(String address, String status, List<String> roles, String dataCenter) {}

  /**
   * The slot shards. {@code regions} is null (written as such) with an {@code error} when the shard
   * statistics did not arrive in time; otherwise {@code error} is absent.
   */
  public record Sharding(
      String entityType,
      int numberOfShards,
      @JsonInclude(JsonInclude.Include.ALWAYS) List<Region> regions,
      String error) {}

  /** One node's shards, each with the slots in memory in it, and the shards that did not report. */
  public record Region(
      String address,
      int shardCount,
      int entityCount,
      Map<String, Integer> shards,
      List<String> failedShards) {}
}
