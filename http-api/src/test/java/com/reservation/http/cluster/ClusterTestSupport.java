package com.reservation.http.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.ShardRegion.ClusterShardingStats;
import akka.cluster.sharding.typed.GetClusterShardingStats;
import akka.cluster.sharding.typed.HashCodeMessageExtractor;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import com.reservation.engine.ReservationEngine;
import com.reservation.engine.SeatTarget;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.api.SlotId;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * Helpers shared by the cluster tests: free ports, how often to poll, where a slot's shard lives.
 */
final class ClusterTestSupport {
  static final String ADMIN_TOKEN = "cluster-test-admin-token-0123456789";

  /** How often the cluster tests poll: their checks are asks, queries and HTTP calls that cost. */
  static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

  private ClusterTestSupport() {}

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static long membersUp(ActorSystem<?> system) {
    return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }

  /** Shard id to the address of the node hosting it, as the shard coordinator sees it now. */
  static Map<String, Address> shardHomes(ActorSystem<?> system) {
    ClusterShardingStats stats =
        AskPattern.<akka.cluster.sharding.typed.ClusterShardingQuery, ClusterShardingStats>ask(
                ClusterSharding.get(system).shardState(),
                // A region that does not answer in time is reported without shards: on a busy
                // machine 3 s was seen to
                // be too short, and the test then read a slot's home wrongly.
                replyTo ->
                    new GetClusterShardingStats(
                        SlotEntity.ENTITY_KEY, Duration.ofSeconds(10), replyTo),
                Duration.ofSeconds(15),
                system.scheduler())
            .toCompletableFuture()
            .join();
    Map<String, Address> homes = new HashMap<>();
    stats
        .getRegions()
        .forEach(
            (address, region) ->
                region.getStats().keySet().forEach(shard -> homes.put(shard, address)));
    return homes;
  }

  static String shardOf(ActorSystem<?> system, String slotId) {
    int shards = system.settings().config().getInt("akka.cluster.sharding.number-of-shards");
    return new HashCodeMessageExtractor<>(shards).shardId(slotId);
  }

  static <T> T get(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("No answer: " + e, e);
    }
  }

  /** The slot resolved as the HTTP layer resolves it: its id parsed, its venue found. */
  static SeatTarget target(ReservationEngine engine, String slotId) {
    SlotId.Parts parts = SlotId.parse(slotId).orElseThrow();
    return new SeatTarget(slotId, parts, get(engine.venues().find(parts.venueId())).orElseThrow());
  }
}
