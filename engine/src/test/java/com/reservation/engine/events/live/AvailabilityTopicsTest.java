package com.reservation.engine.events.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.pubsub.Topic;
import com.reservation.engine.testing.TestConfigs;
import com.reservation.testsupport.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's venue-day topics are reclaimed once nobody uses them: a client that watched (or slots
 * that wrote to) thousands of days leaves no topic behind, while a day someone still subscribes to
 * keeps its topic, and a day used again gets a working one.
 */
class AvailabilityTopicsTest {
  private static final Duration RECLAIM_AFTER = Duration.ofMillis(600);
  private static final LocalDate DAY = LocalDate.parse("2027-01-04");

  private static ActorTestKit testKit;
  private static AvailabilityTopics topics;

  @BeforeAll
  static void start() {
    testKit =
        ActorTestKit.create("AvailabilityTopicsTest", TestConfigs.eventSourcedBehaviorTestKit());
    topics = AvailabilityTopics.start(testKit.system(), Clock.systemUTC(), RECLAIM_AFTER);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void topicsNobodyUsesAreStoppedAndTheWatchedOneStays() {
    TestProbe<SlotChange> viewer = testKit.createTestProbe();
    topics.topic("watched", DAY).tell(Topic.subscribe(viewer.ref()));

    List<ActorRef<Topic.Command<SlotChange>>> unused = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) unused.add(topics.topic("loop", DAY.plusDays(i)));
    assertEquals(2_001, topics.count());

    Polling.until(Duration.ofSeconds(20), () -> topics.count() == 1, "unused topics reclaimed");
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(unused.get(0), Duration.ofSeconds(5));

    // The watched day's topic still delivers, and a reclaimed day used again gets a new one.
    ActorRef<Topic.Command<SlotChange>> again = topics.topic("loop", DAY);
    TestProbe<SlotChange> late = testKit.createTestProbe();
    again.tell(Topic.subscribe(late.ref()));
    SlotChange change =
        new SlotChange("loop_20270104_0900", "loop", null, null, null, 1, 10, 1, 0, false, null);
    boolean delivered = false;
    for (int attempt = 0; attempt < 25 && !delivered; attempt++) {
      // The subscription registers asynchronously: publish until it has.
      again.tell(Topic.publish(change));
      try {
        late.receiveMessage(Duration.ofMillis(200));
        delivered = true;
      } catch (AssertionError notYet) {
        // not subscribed yet
      }
    }
    assertTrue(delivered, "the day's new topic delivers");
    topics.topic("watched", DAY).tell(Topic.publish(change));
    assertEquals(change, viewer.receiveMessage(Duration.ofSeconds(5)));
  }
}
