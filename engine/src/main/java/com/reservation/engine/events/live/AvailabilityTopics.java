package com.reservation.engine.events.live;

import akka.actor.PoisonPill;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.pubsub.Topic;
import com.reservation.engine.slot.SlotWrites;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.SlotCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's pub-sub topics of slot changes, one per venue-day, made on first use. Slots publish
 * to them after each write (a tell); the availability stream of any node subscribes to the ones its
 * viewers watch. Akka's topic is at most once: a subscriber re-reads the read model now and then to
 * make up for a lost message.
 *
 * <p>Reclaimed: a topic that nobody used for {@code reclaimAfter} (no write published to it, nobody
 * asked for it) and that has no subscriber on this node is stopped, so days a node once served (a
 * venue's whole year, a client looping over dates) do not stay in its memory. A use and the reclaim
 * of one topic are atomic with respect to each other: whoever asks after it is reclaimed gets a new
 * one.
 */
public final class AvailabilityTopics {
  /** A topic actor and when it was last used (System.nanoTime). */
  private record Held(ActorRef<Topic.Command<SlotChange>> topic, AtomicLong lastUsed) {}

  private final ActorSystem<?> system;
  private final Clock clock;
  private final Duration reclaimAfter;
  private final ConcurrentHashMap<String, Held> topics = new ConcurrentHashMap<>();
  private final AtomicLong incarnations = new AtomicLong();

  private AvailabilityTopics(ActorSystem<?> system, Clock clock, Duration reclaimAfter) {
    this.system = system;
    this.clock = clock;
    this.reclaimAfter = reclaimAfter;
  }

  /**
   * Starts publishing every slot write on this node to its venue-day's topic, and reclaiming idle
   * topics every {@code reclaimAfter / 2}.
   */
  public static AvailabilityTopics start(
      ActorSystem<?> system, Clock clock, Duration reclaimAfter) {
    AvailabilityTopics topics = new AvailabilityTopics(system, clock, reclaimAfter);
    SlotWrites.get(system).listen(topics::publish);
    Duration every = reclaimAfter.dividedBy(2);
    system
        .scheduler()
        .scheduleWithFixedDelay(every, every, topics::reclaimIdle, system.executionContext());
    return topics;
  }

  public static String topicName(String venueId, LocalDate date) {
    return "availability-" + venueId + "-" + date;
  }

  /** This node's instance of the venue-day's topic. */
  public ActorRef<Topic.Command<SlotChange>> topic(String venueId, LocalDate date) {
    long now = System.nanoTime();
    return topics
        .compute(
            topicName(venueId, date),
            (name, held) -> {
              Held used = held != null ? held : spawn(name);
              used.lastUsed().set(now);
              return used;
            })
        .topic();
  }

  /** How many venue-day topics this node holds. */
  public int count() {
    return topics.size();
  }

  private Held spawn(String name) {
    // A new name per incarnation: a reclaimed topic may still be stopping when its day is used
    // again.
    ActorRef<Topic.Command<SlotChange>> topic =
        system.systemActorOf(
            Topic.create(SlotChange.class, name),
            name + "-" + incarnations.incrementAndGet(),
            Props.empty());
    return new Held(topic, new AtomicLong(System.nanoTime()));
  }

  /**
   * Stops the topics idle for {@code reclaimAfter} that no subscriber of this node listens to; a
   * topic used again meanwhile stays.
   */
  private void reclaimIdle() {
    long idleSince = System.nanoTime() - reclaimAfter.toNanos();
    topics.forEach(
        (name, held) -> {
          long seen = held.lastUsed().get();
          if (seen > idleSince) return;
          AskPattern.<Topic.Command<SlotChange>, Topic.TopicStats>ask(
                  held.topic(), Topic::getTopicStats, Duration.ofSeconds(3), system.scheduler())
              .thenAccept(
                  stats -> {
                    if (stats.localSubscriberCount() > 0) return;
                    boolean removed =
                        topics.computeIfPresent(
                                name,
                                (n, current) ->
                                    current == held && current.lastUsed().get() == seen
                                        ? null
                                        : current)
                            == null;
                    // A topic has no stop message of its own; the classic stop reaches any actor.
                    if (removed)
                      Adapter.toClassic(held.topic())
                          .tell(PoisonPill.getInstance(), akka.actor.ActorRef.noSender());
                  });
        });
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
