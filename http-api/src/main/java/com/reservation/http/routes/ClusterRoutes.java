package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.Member;
import akka.cluster.sharding.ShardRegion.ClusterShardingStats;
import akka.cluster.sharding.ShardRegion.ShardRegionStats;
import akka.cluster.sharding.typed.GetClusterShardingStats;
import akka.cluster.sharding.typed.HashCodeMessageExtractor;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.reservation.engine.slot.SlotEntity;
import com.reservation.engine.slot.SlotId;
import com.reservation.http.node.Node;
import com.reservation.http.node.NodeContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * The operator's view of the cluster, behind the admin token:
 *
 * <ul>
 *   <li>{@code GET /admin/cluster}: this node, the leader, members with status and roles, unreachable members, and the
 *       slot shards (with their live entity counts) hosted by each node.
 *   <li>{@code GET /admin/cluster/slots/{slotId}}: the shard of a slot and the node that hosts it now.
 *   <li>{@code POST /admin/cluster/leave}: this node leaves gracefully (shards handed over, then the process exits),
 *       the same as SIGTERM.
 *   <li>{@code DELETE /admin/cluster/members/{address}}: another member leaves gracefully; the address is
 *       {@code host:port} of its remoting or the full {@code akka://reservation@host:port}.
 * </ul>
 *
 * Leaving is graceful only: downing a member that did not leave is the split-brain resolver's decision, never a
 * request's, since downing a live node by mistake would let two nodes write one slot.
 */
public final class ClusterRoutes {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ActorSystem<Void> system;
  private final AdminAuth auth;
  private final Duration statsTimeout;
  private final HashCodeMessageExtractor<?> shards;

  public ClusterRoutes(NodeContext node) {
    this.system = node.system();
    this.auth = new AdminAuth(node.adminTokens());
    this.statsTimeout = system.settings().config().getDuration("reservation.cluster.stats-timeout");
    // The same extractor sharding uses by default for the Slot entity, so the shard named here is the real one.
    this.shards =
        new HashCodeMessageExtractor<>(system.settings().config().getInt("akka.cluster.sharding.number-of-shards"));
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
                                path(segment("members").slash(segment()), address -> delete(() -> leave(address))),
                                path(segment("slots").slash(segment()), slotId -> get(() -> slot(slotId)))))));
  }

  private Route overview() {
    Cluster cluster = Cluster.get(system);
    akka.cluster.ClusterEvent.CurrentClusterState state = cluster.state();
    ObjectNode body = MAPPER.createObjectNode();
    body.put("self", cluster.selfMember().address().toString());
    body.put("selfStatus", cluster.selfMember().status().toString());
    Optional<Address> leader = Optional.ofNullable(state.getLeader());
    if (leader.isPresent()) body.put("leader", leader.get().toString());
    else body.putNull("leader");
    ArrayNode members = body.putArray("members");
    for (Member member : state.getMembers()) {
      ObjectNode m = members.addObject();
      m.put("address", member.address().toString());
      m.put("status", member.status().toString());
      ArrayNode roles = m.putArray("roles");
      // Every member carries the internal data-center role; operators only care about the roles they set.
      member.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().forEach(roles::add);
      m.put("dataCenter", member.dataCenter());
    }
    ArrayNode unreachable = body.putArray("unreachable");
    state.getUnreachable().forEach(member -> unreachable.add(member.address().toString()));
    return onComplete(
        shardingStats(),
        stats -> {
          ObjectNode sharding = body.putObject("sharding");
          sharding.put("entityType", SlotEntity.ENTITY_KEY.name());
          sharding.put("numberOfShards", shards.numberOfShards());
          if (stats.isFailure()) {
            // During a failover the coordinator may be moving; membership is still worth showing.
            sharding.putNull("regions");
            sharding.put("error", "shard statistics did not arrive within " + statsTimeout.toMillis() + " ms");
          } else {
            ArrayNode regions = sharding.putArray("regions");
            new TreeMap<String, ShardRegionStats>(addressKeys(stats.get().getRegions()))
                .forEach((address, region) -> regions.add(regionJson(address, region)));
          }
          return json(StatusCodes.OK, body);
        });
  }

  private static ObjectNode regionJson(String address, ShardRegionStats region) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("address", address);
    Map<String, Object> perShard = new TreeMap<>(region.getStats());
    r.put("shardCount", perShard.size());
    r.put("entityCount", perShard.values().stream().mapToInt(v -> ((Number) v).intValue()).sum());
    ObjectNode shardsNode = r.putObject("shards");
    perShard.forEach((shard, count) -> shardsNode.put(shard, ((Number) count).intValue()));
    ArrayNode failed = r.putArray("failedShards");
    region.getFailed().stream().sorted().forEach(failed::add);
    return r;
  }

  private Route slot(String slotId) {
    if (SlotId.parse(slotId).isEmpty()) {
      return complete(
          Problem.of(400, "invalid-request", "Invalid slot id", "A slot id looks like pwtc_20261201_0920.").toResponse());
    }
    String shardId = shards.shardId(slotId);
    return onComplete(
        shardingStats(),
        stats -> {
          if (stats.isFailure()) {
            return complete(
                Problem.of(503, "unavailable", "Shard statistics unavailable", "The shard coordinator did not answer in time; retry shortly.")
                    .toResponse(1));
          }
          ObjectNode body = MAPPER.createObjectNode();
          body.put("slotId", slotId);
          body.put("shardId", shardId);
          Optional<Map.Entry<Address, ShardRegionStats>> host =
              stats.get().getRegions().entrySet().stream()
                  .filter(e -> e.getValue().getStats().containsKey(shardId))
                  .findFirst();
          // A shard nobody has asked for since the last rebalance or failover is not allocated yet: null.
          if (host.isPresent()) body.put("node", host.get().getKey().toString());
          else body.putNull("node");
          return json(StatusCodes.OK, body);
        });
  }

  private Route leaveSelf() {
    Address self = Cluster.get(system).selfMember().address();
    Cluster.get(system).manager().tell(Leave.create(self));
    return json(StatusCodes.ACCEPTED, leaving(self));
  }

  private Route leave(String given) {
    Optional<Address> address = parseAddress(given);
    if (address.isEmpty()) {
      return complete(
          Problem.of(400, "invalid-request", "Invalid member address", "Give host:port of the member's remoting, or akka://" + Node.SYSTEM_NAME + "@host:port.")
              .toResponse());
    }
    Cluster cluster = Cluster.get(system);
    boolean member =
        java.util.stream.StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
            .anyMatch(m -> m.address().equals(address.get()));
    if (!member) {
      return complete(Problem.of(404, "not-found", "No such member", "No member of this cluster has the address " + address.get() + ".").toResponse());
    }
    cluster.manager().tell(Leave.create(address.get()));
    return json(StatusCodes.ACCEPTED, leaving(address.get()));
  }

  private static ObjectNode leaving(Address address) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("address", address.toString());
    body.put("status", "Leaving");
    return body;
  }

  static Optional<Address> parseAddress(String given) {
    String uri = given.contains("://") ? given : "akka://" + Node.SYSTEM_NAME + "@" + given;
    try {
      Address address = AddressFromURIString.parse(uri);
      if (address.host().isEmpty() || address.port().isEmpty()) return Optional.empty();
      return Optional.of(address);
    } catch (Exception e) {
      // Scala throws java.net.MalformedURLException here, a checked exception Java does not see declared.
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

  private static Route json(StatusCode status, ObjectNode body) {
    return complete(status, HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }
}
