package com.reservation.http.live;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.reservation.engine.events.EventsOut;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The availability stream on this node: opens a viewer's stream (bounded per node) and hands it to
 * the day's hub. Nothing here queries the database per viewer: a day is loaded once per node by its
 * hub.
 */
public final class LiveAvailability {
  private final ActorRef<HubRegistry.Command> registry;
  private final LiveSettings settings;
  private final LiveMetrics metrics;

  private LiveAvailability(
      ActorRef<HubRegistry.Command> registry, LiveSettings settings, LiveMetrics metrics) {
    this.registry = registry;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Starts the node's hubs: once per actor system (the node does, before it serves). */
  public static LiveAvailability start(
      ActorSystem<?> system, EventsOut events, LiveSettings settings, MeterRegistry registry) {
    LiveMetrics metrics = new LiveMetrics(registry);
    ActorRef<HubRegistry.Command> hubs =
        system.systemActorOf(
            HubRegistry.create(
                events.topics(), events.liveDays(), settings, metrics, Clock.systemUTC()),
            "availability-hubs",
            Props.empty());
    return new LiveAvailability(hubs, settings, metrics);
  }

  /**
   * A viewer's stream of frames for the venue-day (snapshot first), or empty when the node already
   * serves its bound of streams. The count is taken when the stream starts and given back when it
   * ends, whatever ends it.
   */
  public Optional<Source<ByteString, NotUsed>> open(String venueId, LocalDate date) {
    if (metrics.open().get() >= settings.maxStreams()) {
      metrics.refused();
      return Optional.empty();
    }
    Source<ByteString, NotUsed> stream =
        Source.<ByteString>queue(settings.viewerBuffer())
            .mapMaterializedValue(
                viewer -> {
                  metrics.open().incrementAndGet();
                  registry.tell(new HubRegistry.Watch(venueId, date, viewer));
                  return NotUsed.getInstance();
                })
            .watchTermination(
                (notUsed, done) -> {
                  done.whenComplete((d, failure) -> metrics.open().decrementAndGet());
                  return NotUsed.getInstance();
                });
    return Optional.of(stream);
  }

  public int openStreams() {
    return metrics.open().get();
  }
}
