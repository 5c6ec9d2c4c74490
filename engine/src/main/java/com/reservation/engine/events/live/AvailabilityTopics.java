package com.reservation.engine.events.live;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.pubsub.Topic;
import com.reservation.engine.slot.SlotWrites;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.SlotCounts;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's pub-sub topics of slot changes, one per venue-day, made on first use. Slots publish
 * to them after each write (a tell); the availability stream of any node subscribes to the ones its
 * viewers watch. Akka's topic is at most once: a subscriber re-reads the read model now and then to
 * make up for a lost message.
 *
 * <p>A topic with no subscriber anywhere costs one actor and drops what it is told.
 */
public final class AvailabilityTopics {
  private final ActorSystem<?> system;
  private final Clock clock;
  private final ConcurrentHashMap<String, ActorRef<Topic.Command<SlotChange>>> topics =
      new ConcurrentHashMap<>();

  private AvailabilityTopics(ActorSystem<?> system, Clock clock) {
    this.system = system;
    this.clock = clock;
  }

  /** Starts publishing every slot write on this node to its venue-day's topic. */
  public static AvailabilityTopics start(ActorSystem<?> system, Clock clock) {
    AvailabilityTopics topics = new AvailabilityTopics(system, clock);
    SlotWrites.get(system).listen(topics::publish);
    return topics;
  }

  public static String topicName(String venueId, LocalDate date) {
    return "availability-" + venueId + "-" + date;
  }

  /** This node's instance of the venue-day's topic. */
  public ActorRef<Topic.Command<SlotChange>> topic(String venueId, LocalDate date) {
    String name = topicName(venueId, date);
    ActorRef<Topic.Command<SlotChange>> topic = topics.get(name);
    if (topic != null) return topic;
    return topics.computeIfAbsent(
        name, n -> system.systemActorOf(Topic.create(SlotChange.class, n), n, Props.empty()));
  }

  /** How many venue-day topics this node holds. */
  public int count() {
    return topics.size();
  }

  private void publish(SlotDefinition definition, long sequenceNr, SlotCounts counts) {
    if (definition == null) return;
    SlotChange change =
        new SlotChange(
            definition.slotId(),
            definition.venueId(),
            definition.start(),
            definition.end(),
            definition.startInstant(),
            sequenceNr,
            counts.capacity(),
            counts.booked(),
            counts.held(),
            counts.adminClosed(),
            clock.instant());
    topic(definition.venueId(), definition.localDate()).tell(Topic.publish(change));
  }
}
