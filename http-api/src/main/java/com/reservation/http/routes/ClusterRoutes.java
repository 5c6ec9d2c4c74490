package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.ClusterEvent.CurrentClusterState;
import akka.cluster.Member;
import akka.cluster.sharding.ShardRegion.ClusterShardingStats;
import akka.cluster.sharding.ShardRegion.ShardRegionStats;
import akka.cluster.sharding.typed.GetClusterShardingStats;
import akka.cluster.sharding.typed.HashCodeMessageExtractor;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.http.dto.ClusterView;
import com.reservation.http.dto.MemberLeaving;
import com.reservation.http.dto.SlotPlacement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;

/**
 * The operator's view of the cluster, behind the admin token:
 *
 * <ul>
 *   <li>{@code GET /admin/cluster}: this node, the leader, members with status and roles,
 *       unreachable members, and the slot shards (with their live entity counts) hosted by each
 *       node.
 *   <li>{@code GET /admin/cluster/slots/{slotId}}: the shard of a slot and the node that hosts it
 *       now.
 *   <li>{@code POST /admin/cluster/leave}: this node leaves gracefully (shards handed over, then
 *       the process exits), the same as SIGTERM.
 *   <li>{@code DELETE /admin/cluster/members/{address}}: another member leaves gracefully; the
 *       address is {@code host:port} of its remoting or the full {@code
 *       akka://reservation@host:port}.
 * </ul>
 *
 * Leaving is graceful only: downing a member that did not leave is the split-brain resolver's
 * decision, never a request's, since downing a live node by mistake would let two nodes write one
 * slot.
 */
public final class ClusterRoutes {
  private final ActorSystem<Void> system;
  private final AdminAuth auth;
  private final Duration statsTimeout;
  private final HashCodeMessageExtractor<?> shards;

  public ClusterRoutes(NodeContext node) {
    this.system = node.system();
    this.auth = new AdminAuth(node.adminTokens());
    this.statsTimeout = system.settings().config().getDuration("reservation.cluster.stats-timeout");
    // The same extractor sharding uses by default for the Slot entity, so the shard named here is
    // the real one.
    this.shards =
        new HashCodeMessageExtractor<>(
            system.settings().config().getInt("akka.cluster.sharding.number-of-shards"));
  }

  public Route route() {
    return pathPrefix(
        "admin",
        () ->
            pathPrefix(
                "cluster",
                () ->
                    auth.authenticated(
                        () ->
                            concat(
                                pathEndOrSingleSlash(() -> get(this::overview)),
                                path("leave", () -> post(this::leaveSelf)),
                                path(
                                    segment("members").slash(segment()),
                                    address -> delete(() -> leave(address))),
                                path(
                                    segment("slots").slash(segment()),
                                    slotId -> get(() -> slot(slotId)))))));
  }

  private Route overview() {
    Cluster cluster = Cluster.get(system);
    CurrentClusterState state = cluster.state();
    List<ClusterView.Member> members = new ArrayList<>();
    for (Member member : state.getMembers()) {
      // Every member carries the internal data-center role; operators only care about the roles
      // they set.
      List<String> roles =
          member.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList();
      members.add(
          new ClusterView.Member(
              member.address().toString(), member.status().toString(), roles, member.dataCenter()));
    }
    List<String> unreachable =
        state.getUnreachable().stream().map(m -> m.address().toString()).toList();
    String leader = Optional.ofNullable(state.getLeader()).map(Address::toString).orElse(null);
    return onComplete(
        shardingStats(),
        stats -> {
          ClusterView.Sharding sharding;
          if (stats.isFailure()) {
            // During a failover the coordinator may be moving; membership is still worth showing.
            sharding =
                new ClusterView.Sharding(
                    SlotEntity.ENTITY_KEY.name(),
                    shards.numberOfShards(),
                    null,
                    "shard statistics did not arrive within " + statsTimeout.toMillis() + " ms");
          } else {
            List<ClusterView.Region> regions = new ArrayList<>();
            addressKeys(stats.get().getRegions())
                .forEach((address, region) -> regions.add(region(address, region)));
            sharding =
                new ClusterView.Sharding(
                    SlotEntity.ENTITY_KEY.name(), shards.numberOfShards(), regions, null);
          }
          ClusterView view =
              new ClusterView(
                  cluster.selfMember().address().toString(),
                  cluster.selfMember().status().toString(),
                  leader,
                  members,
                  unreachable,
                  sharding);
          return complete(Replies.json(StatusCodes.OK, view));
        });
  }

  private static ClusterView.Region region(String address, ShardRegionStats region) {
    Map<String, Integer> perShard = new TreeMap<>();
    region.getStats().forEach((shard, count) -> perShard.put(shard, ((Number) count).intValue()));
    int entities = perShard.values().stream().mapToInt(Integer::intValue).sum();
    List<String> failed = region.getFailed().stream().sorted().toList();
    return new ClusterView.Region(address, perShard.size(), entities, perShard, failed);
  }

  private Route slot(String slotId) {
    if (SlotId.parse(slotId).isEmpty()) {
      return complete(
          Problem.of(
                  400,
                  "invalid-request",
                  "Invalid slot id",
                  "A slot id looks like pwtc_20261201_0920.")
              .toResponse());
    }
    String shardId = shards.shardId(slotId);
    return onComplete(
        shardingStats(),
        stats -> {
          if (stats.isFailure()) {
            return complete(
                Problem.of(
                        503,
                        "unavailable",
                        "Shard statistics unavailable",
                        "The shard coordinator did not answer in time; retry shortly.")
                    .toResponse(1));
          }
          // A shard nobody has asked for since the last rebalance or failover is not allocated yet:
          // null.
          String node =
              stats.get().getRegions().entrySet().stream()
                  .filter(e -> e.getValue().getStats().containsKey(shardId))
                  .findFirst()
                  .map(e -> e.getKey().toString())
                  .orElse(null);
          return complete(Replies.json(StatusCodes.OK, new SlotPlacement(slotId, shardId, node)));
        });
  }

  private Route leaveSelf() {
    Address self = Cluster.get(system).selfMember().address();
    Cluster.get(system).manager().tell(Leave.create(self));
    return complete(Replies.json(StatusCodes.ACCEPTED, MemberLeaving.of(self.toString())));
  }

  private Route leave(String given) {
    Optional<Address> address = parseAddress(given, system.name());
    if (address.isEmpty()) {
      return complete(
          Problem.of(
                  400,
                  "invalid-request",
                  "Invalid member address",
                  "Give host:port of the member's remoting, or akka://"
                      + system.name()
                      + "@host:port.")
              .toResponse());
    }
    Cluster cluster = Cluster.get(system);
    boolean member =
        StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .anyMatch(m -> m.address().equals(address.get()));
    if (!member) {
      return complete(
          Problem.of(
                  404,
                  "not-found",
                  "No such member",
                  "No member of this cluster has the address " + address.get() + ".")
              .toResponse());
    }
    cluster.manager().tell(Leave.create(address.get()));
    return complete(Replies.json(StatusCodes.ACCEPTED, MemberLeaving.of(address.get().toString())));
  }

  /**
   * {@code given} as an address, host:port meaning a member of the system named {@code systemName}.
   */
  static Optional<Address> parseAddress(String given, String systemName) {
    String uri = given.contains("://") ? given : "akka://" + systemName + "@" + given;
    try {
      Address address = AddressFromURIString.parse(uri);
      if (address.host().isEmpty() || address.port().isEmpty()) return Optional.empty();
      return Optional.of(address);
    } catch (Exception e) {
      // Scala throws java.net.MalformedURLException here, a checked exception Java does not see
      // declared.
      return Optional.empty();
    }
  }

  private CompletionStage<ClusterShardingStats> shardingStats() {
    return AskPattern.ask(
        ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(SlotEntity.ENTITY_KEY, statsTimeout, replyTo),
        // The regions answer within statsTimeout; the extra second is for the answer's trip back.
        statsTimeout.plusSeconds(1),
        system.scheduler());
  }

  private static Map<String, ShardRegionStats> addressKeys(Map<Address, ShardRegionStats> regions) {
    Map<String, ShardRegionStats> byName = new TreeMap<>();
    regions.forEach((address, stats) -> byName.put(address.toString(), stats));
    return byName;
  }
}
