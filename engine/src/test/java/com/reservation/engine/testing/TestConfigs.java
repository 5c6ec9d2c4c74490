package com.reservation.engine.testing;

import akka.persistence.testkit.PersistenceTestKitPlugin;
import akka.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.reservation.engine.slot.rules.SlotSettings;
import com.reservation.engine.store.DatabaseSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/**
 * The configurations test ActorSystems start with: application-test.conf over the engine's
 * reference.conf.
 */
public final class TestConfigs {
  private TestConfigs() {}

  /** The slot settings of the engine's reference.conf, as a node without overrides runs with. */
  public static SlotSettings slotSettings() {
    return slotSettings("");
  }

  /**
   * The same with some of {@code reservation.slot} overridden (HOCON relative to it, e.g.
   * "snapshot-every = 3").
   */
  public static SlotSettings slotSettings(String overrides) {
    return SlotSettings.fromConfig(
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.defaultReference().getConfig("reservation.slot")));
  }

  /** application-test.conf and reference.conf, resolved together (local provider, no JVM exit). */
  public static Config base() {
    return ConfigFactory.load("application-test");
  }

  /**
   * For {@code EventSourcedBehaviorTestKit}: its in-memory journal and snapshot store (no storage
   * serialization).
   */
  public static Config eventSourcedBehaviorTestKit() {
    return ConfigFactory.parseString("akka.actor.provider = local")
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(base());
  }

  /**
   * The persistence testkit's in-memory journal and snapshot store, serializing what they store
   * like a real one.
   */
  public static Config persistenceTestKit() {
    return PersistenceTestKitPlugin.getInstance()
        .config()
        .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
        .withFallback(base());
  }

  /**
   * A single cluster node on a free port whose journal, snapshots and read journal live in {@code
   * db}.
   *
   * <p>Only {@code reservation.db.*} is set: reference.conf derives {@code akka-persistence-jdbc}'s
   * connection from it by substitution. That works only when the overrides are resolved together
   * with reference.conf, as {@code ConfigFactory.load(overrides)} does; {@code
   * overrides.withFallback(ConfigFactory.load())} would leave the journal on the reference default
   * (see {@code ConfigSubstitutionTest}).
   */
  public static Config clusterNode(DatabaseSettings db) {
    Config overrides =
        ConfigFactory.parseMap(
                Map.of(
                    "reservation.db.url", db.url(),
                    "reservation.db.user", db.user(),
                    "reservation.db.password", db.password(),
                    "reservation.db.pool-size", db.poolSize()))
            .withFallback(
                ConfigFactory.parseString(
                    "akka.actor.provider = cluster\n"
                        // a few connections are plenty for one test node
                        + "akka-persistence-jdbc.shared-databases.default.db.numThreads = 8\n"
                        + "akka-persistence-jdbc.shared-databases.default.db.maxConnections = 8\n"
                        + "akka-persistence-jdbc.shared-databases.default.db.minConnections = 2\n"))
            .withFallback(ConfigFactory.parseResources("application-test.conf"));
    return ConfigFactory.load(overrides);
  }
}
