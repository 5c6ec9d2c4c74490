package com.reservation.engine.metrics;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's metrics registry, one per ActorSystem. It is an extension (not a static, not a
 * constructor argument) because the journal is created by Akka Persistence from configuration, and
 * several nodes may run in one JVM (tests): each must count only its own. It is a composite: meters
 * registered before the node adds its exporting registry are carried over to it when it is added.
 */
public final class EngineMetrics implements Extension {
  private static final ExtensionId<EngineMetrics> ID =
      new ExtensionId<>() {
        @Override
        public EngineMetrics createExtension(ActorSystem<?> system) {
          return new EngineMetrics();
        }
      };

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final CopyOnWriteArrayList<EntityTypeKey<?>> shardedTypes = new CopyOnWriteArrayList<>();

  private EngineMetrics() {}

  public static EngineMetrics get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Register meters here; add the exporting registry with {@code registry().add(...)}. */
  public CompositeMeterRegistry registry() {
    return registry;
  }

  /** The same registry, typed as what recording code needs. */
  public MeterRegistry meters() {
    return registry;
  }

  /**
   * Reports an entity type this node shards (each type's {@code init} calls this), so that the
   * node's metrics count its entities and shards without knowing the entity classes.
   */
  public void sharded(EntityTypeKey<?> type) {
    shardedTypes.addIfAbsent(type);
  }

  /** The entity types this node shards, in the order they were started. */
  public List<EntityTypeKey<?>> shardedTypes() {
    return List.copyOf(shardedTypes);
  }
}
