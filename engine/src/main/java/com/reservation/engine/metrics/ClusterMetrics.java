package com.reservation.engine.metrics;

import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's share of the cluster: entities and shards it hosts per entity type, and the members
 * it sees by status.
 *
 * <p>Shard region state is asked of the local region on a timer, never per scrape: the region
 * answers after asking each of its shards, which is cheap once but not at every scrape of every
 * Prometheus replica. Members by status are read at scrape time from the cluster's own cached view
 * (no message involved).
 */
public final class ClusterMetrics {
  private static final Logger log = LoggerFactory.getLogger(ClusterMetrics.class);
  private static final List<MemberStatus> STATUSES =
      List.of(
          MemberStatus.joining(),
          MemberStatus.weaklyUp(),
          MemberStatus.up(),
          MemberStatus.leaving(),
          MemberStatus.exiting(),
          MemberStatus.down(),
          MemberStatus.removed());

  private ClusterMetrics() {}

  /**
   * Registers the gauges and starts the shard-state poll of every entity type the engine shards on
   * this node ({@link EngineMetrics#sharded}, including types started later); the poll stops with
   * the system.
   */
  public static Cancellable start(ActorSystem<?> system, MeterRegistry registry, Duration every) {
    Cluster cluster = Cluster.get(system);
    for (MemberStatus status : STATUSES) {
      Gauge.builder("reservation.cluster.members", cluster, c -> count(c, status))
          .description("Cluster members this node sees, by status.")
          .tag("status", status.toString().toLowerCase(Locale.ROOT))
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(
            "reservation.cluster.unreachable.members",
            cluster,
            c -> c.state().getUnreachable().size())
        .description("Members this node's failure detector marks unreachable.")
        .strongReference(true)
        .register(registry);

    EngineMetrics engine = EngineMetrics.get(system);
    Map<EntityTypeKey<?>, Poll> polls = new ConcurrentHashMap<>();
    Runnable pollAll =
        () -> {
          for (EntityTypeKey<?> type : engine.shardedTypes())
            polls.computeIfAbsent(type, t -> new Poll(system, t, registry, every)).run();
        };
    // The types known now get their gauges before the first scrape.
    for (EntityTypeKey<?> type : engine.shardedTypes())
      polls.computeIfAbsent(type, t -> new Poll(system, t, registry, every));
    return system
        .scheduler()
        .scheduleAtFixedRate(Duration.ZERO, every, pollAll, system.executionContext());
  }

  private static double count(Cluster cluster, MemberStatus status) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.status().equals(status))
        .count();
  }

  /**
   * One entity type's region state, asked at most once at a time; the gauges show the last answer.
   */
  private static final class Poll implements Runnable {
    private final ActorSystem<?> system;
    private final EntityTypeKey<?> type;
    private final Duration timeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong entities = new AtomicLong();
    private final AtomicLong shards = new AtomicLong();

    Poll(ActorSystem<?> system, EntityTypeKey<?> type, MeterRegistry registry, Duration every) {
      this.system = system;
      this.type = type;
      this.timeout = every;
      Gauge.builder("reservation.sharding.entities", entities, AtomicLong::get)
          .description("Entities running on this node, by entity type (refreshed periodically).")
          .tag("type", type.name())
          .register(registry);
      Gauge.builder("reservation.sharding.shards", shards, AtomicLong::get)
          .description("Shards hosted on this node, by entity type (refreshed periodically).")
          .tag("type", type.name())
          .register(registry);
    }

    @Override
    public void run() {
      if (!running.compareAndSet(false, true)) return;
      AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
              ClusterSharding.get(system).shardState(),
              replyTo -> new GetShardRegionState(type, replyTo),
              timeout,
              system.scheduler())
          .whenComplete(
              (state, failure) -> {
                running.set(false);
                if (failure != null) {
                  log.debug(
                      "Shard region state of {} not refreshed: {}",
                      type.name(),
                      failure.toString());
                  return;
                }
                long count = 0;
                for (ShardRegion.ShardState shard : state.getShards())
                  count += shard.getEntityIds().size();
                entities.set(count);
                shards.set(state.getShards().size());
              });
    }
  }
}
