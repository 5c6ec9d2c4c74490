package com.reservation.http.live;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.BoundedSourceQueue;
import akka.util.ByteString;
import com.reservation.engine.events.live.AvailabilityTopics;
import com.reservation.engine.events.live.LiveDayQuery;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's hubs, one per watched venue-day: a viewer is handed to its day's hub, made on the
 * day's first viewer. A hub that has had no viewer for a while reports itself idle; it is forgotten
 * first and stopped second, so a viewer that arrives meanwhile gets a new hub (and one that reached
 * the old hub keeps being served by it). When the node stops ({@link EndAll}) every hub ends its
 * viewers' streams, and a viewer that arrives after that is ended at once.
 */
final class HubRegistry {
  sealed interface Command {}

  record Watch(String venueId, LocalDate date, BoundedSourceQueue<ByteString> viewer)
      implements Command {}

  record Idle(String venueId, LocalDate date, ActorRef<DayHub.Command> hub) implements Command {}

  /** The node stops: every stream gets its last event and ends. */
  record EndAll() implements Command {}

  private record Day(String venueId, LocalDate date) {}

  private HubRegistry() {}

  static Behavior<Command> create(
      AvailabilityTopics topics,
      LiveDayQuery query,
      LiveSettings settings,
      LiveMetrics metrics,
      Clock clock) {
    return Behaviors.setup(
        context -> {
          // Concurrent only because the metrics read its size from the scrape's thread.
          Map<Day, ActorRef<DayHub.Command>> hubs = new ConcurrentHashMap<>();
          AtomicInteger names = new AtomicInteger();
          metrics.hubs(hubs::size);
          return Behaviors.receive(Command.class)
              .onMessage(
                  Watch.class,
                  watch -> {
                    Day day = new Day(watch.venueId(), watch.date());
                    ActorRef<DayHub.Command> hub =
                        hubs.computeIfAbsent(
                            day,
                            d ->
                                context.spawn(
                                    DayHub.create(
                                        d.venueId(),
                                        d.date(),
                                        topics.topic(d.venueId(), d.date()),
                                        query,
                                        settings,
                                        context.getSelf(),
                                        metrics,
                                        clock),
                                    "day-"
                                        + d.venueId()
                                        + "-"
                                        + d.date()
                                        + "-"
                                        + names.incrementAndGet()));
                    hub.tell(new DayHub.Watch(watch.viewer()));
                    return Behaviors.same();
                  })
              .onMessage(
                  Idle.class,
                  idle -> {
                    hubs.remove(new Day(idle.venueId(), idle.date()), idle.hub());
                    idle.hub().tell(new DayHub.Stop());
                    return Behaviors.same();
                  })
              .onMessage(
                  EndAll.class,
                  end -> {
                    hubs.values().forEach(hub -> hub.tell(new DayHub.End()));
                    hubs.clear();
                    return ending(settings);
                  })
              .build();
        });
  }

  /**
   * After {@link EndAll}: a viewer whose stream was opened just before is ended at once (its hub
   * would never end it).
   */
  private static Behavior<Command> ending(LiveSettings settings) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Watch.class,
            watch -> {
              DayHub.end(watch.viewer(), settings);
              return Behaviors.same();
            })
        .onMessage(Idle.class, idle -> Behaviors.same())
        .onMessage(EndAll.class, end -> Behaviors.same())
        .build();
  }
}
