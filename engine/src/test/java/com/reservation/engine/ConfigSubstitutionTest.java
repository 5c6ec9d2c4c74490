package com.reservation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.testing.TestConfigs;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/**
 * reference.conf derives akka-persistence-jdbc's connection from {@code reservation.db.*} by
 * substitution. Whether an override of {@code reservation.db.url} reaches the journal depends on
 * how the configuration is assembled.
 */
class ConfigSubstitutionTest {
  private static final String JOURNAL_URL = "akka-persistence-jdbc.shared-databases.default.db.url";
  private static final String URL = "jdbc:postgresql://127.0.0.1:6543/elsewhere";
  private static final Config OVERRIDE =
      ConfigFactory.parseString("reservation.db.url = \"" + URL + "\"");

  @Test
  void overridesResolvedTogetherWithReferenceConfReachTheJournal() {
    // The journal's settings live in reservation-engine.conf, which applications include from
    // application.conf.
    Config engine = ConfigFactory.parseResources("reservation-engine.conf");
    assertEquals(URL, ConfigFactory.load(OVERRIDE.withFallback(engine)).getString(JOURNAL_URL));
    assertEquals(
        URL,
        OVERRIDE
            .withFallback(engine)
            .withFallback(ConfigFactory.defaultReferenceUnresolved())
            .resolve()
            .getString(JOURNAL_URL));
  }

  @Test
  void overridesLayeredOverAnAlreadyLoadedConfigDoNot() {
    // ConfigFactory.load() has resolved the substitution with the default URL before the override
    // is layered on.
    Config layered = OVERRIDE.withFallback(ConfigFactory.load());

    assertEquals(URL, layered.getString("reservation.db.url"));
    assertEquals("jdbc:postgresql://127.0.0.1:5432/reservation", layered.getString(JOURNAL_URL));
  }

  @Test
  void theTestClusterNodeConfigPointsTheJournalAtItsDatabase() {
    Config node = TestConfigs.clusterNode(new DatabaseSettings(URL, "tester", "secret", 4));

    assertEquals(URL, node.getString(JOURNAL_URL));
    assertEquals(
        "tester", node.getString("akka-persistence-jdbc.shared-databases.default.db.user"));
    assertEquals(
        "secret", node.getString("akka-persistence-jdbc.shared-databases.default.db.password"));
  }
}
