package com.reservation.http.live;

import akka.Done;
import akka.NotUsed;
import akka.actor.CoordinatedShutdown;
import akka.actor.Scheduler;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.reservation.engine.events.EventsOut;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import scala.concurrent.ExecutionContextExecutor;

/**
 * The availability stream on this node: opens a viewer's stream (bounded per node) and hands it to
 * the day's hub. Nothing here queries the database per viewer: a day is loaded once per node by its
 * hub.
 *
 * <p>Streams never end by themselves, and a stopping HTTP server cuts the connections of responses
 * still streaming as soon as it waits for requests in flight ({@code service-requests-done}): the
 * viewers would lose their connection without a word, and reconnect at once, perhaps to this node.
 * Instead, first thing in coordinated shutdown ({@code before-service-unbind}), every stream gets a
 * last {@code shutdown} event with a retry hint and ends cleanly; the shutdown goes on once all
 * have ended (at most the phase's timeout). The node unbinds right after, well within the hint, so
 * the viewers reconnect elsewhere.
 */
public final class LiveAvailability {
  private final ActorRef<HubRegistry.Command> registry;
  private final LiveSettings settings;
  private final LiveMetrics metrics;
  private final Scheduler scheduler;
  private final ExecutionContextExecutor executor;
  private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();
  private final AtomicBoolean ending = new AtomicBoolean();
  private final CompletableFuture<Done> allEnded = new CompletableFuture<>();

  /** How long a stream granted to a response that was never sent holds its counts. */
  private static final Duration NEVER_STARTED_AFTER = Duration.ofSeconds(30);

  private LiveAvailability(
      ActorRef<HubRegistry.Command> registry,
      LiveSettings settings,
      LiveMetrics metrics,
      Scheduler scheduler,
      ExecutionContextExecutor executor) {
    this.registry = registry;
    this.settings = settings;
    this.metrics = metrics;
    this.scheduler = scheduler;
    this.executor = executor;
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
    LiveAvailability live =
        new LiveAvailability(
            hubs, settings, metrics, system.classicSystem().scheduler(), system.executionContext());
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeServiceUnbind(),
            "end-availability-streams",
            live::endAll);
    return live;
  }

  /**
   * Ends every stream with its last event (the node is stopping) and refuses new ones; completes
   * once every stream has ended (coordinated shutdown bounds the wait by its phase's timeout).
   */
  public CompletionStage<Done> endAll() {
    if (ending.compareAndSet(false, true)) {
      registry.tell(new HubRegistry.EndAll());
      checkAllEnded();
    }
    return allEnded;
  }

  private void checkAllEnded() {
    if (ending.get() && metrics.open().get() == 0) allEnded.complete(Done.getInstance());
  }

  /** Why a stream was not opened. */
  public enum Refusal {
    NODE_FULL,
    CLIENT_FULL,
    /** The node is stopping. */
    NODE_STOPPING
  }

  /** A viewer's stream, or why there is none. */
  public sealed interface Opening {}

  /** The frames of an opened stream. */
  public record Opened(Source<ByteString, NotUsed> frames) implements Opening {}

  public record Refused(Refusal why) implements Opening {}

  /**
   * A viewer's stream of frames for the venue-day (snapshot first), or the reason it was refused:
   * the node serves its bound of streams, or this client holds its own bound. Both counts are
   * checked and taken in one step here, so that concurrent requests cannot pass the check together;
   * they are given back when the stream ends, whatever ends it, or if it never starts (a client
   * gone before its response was sent).
   */
  public Opening open(String venueId, LocalDate date, String client) {
    if (ending.get()) return new Refused(Refusal.NODE_STOPPING);
    if (!take(metrics.open(), settings.maxStreams())) {
      metrics.refused();
      return new Refused(Refusal.NODE_FULL);
    }
    if (!takeForClient(client)) {
      metrics.open().decrementAndGet();
      metrics.refused();
      return new Refused(Refusal.CLIENT_FULL);
    }
    Permit permit = new Permit(client);
    // A response that is never sent never starts its stream: give the counts back after a while.
    scheduler.scheduleOnce(
        NEVER_STARTED_AFTER,
        () -> {
          if (!permit.started.get()) permit.release();
        },
        executor);
    Source<ByteString, NotUsed> stream =
        Source.<ByteString>queue(settings.viewerBuffer())
            .mapMaterializedValue(
                viewer -> {
                  permit.started.set(true);
                  registry.tell(new HubRegistry.Watch(venueId, date, viewer));
                  return NotUsed.getInstance();
                })
            .watchTermination(
                (notUsed, done) -> {
                  done.whenComplete((d, failure) -> permit.release());
                  return NotUsed.getInstance();
                });
    return new Opened(stream);
  }

  /** Takes one of {@code bound} from {@code count}, or nothing when it is at its bound. */
  private static boolean take(AtomicInteger count, int bound) {
    while (true) {
      int now = count.get();
      if (now >= bound) return false;
      if (count.compareAndSet(now, now + 1)) return true;
    }
  }

  /**
   * Takes one of the client's streams, atomically per client; a client with none open has no entry,
   * so the map holds only clients with open streams.
   */
  private boolean takeForClient(String client) {
    boolean[] taken = {false};
    perClient.compute(
        client,
        (c, open) -> {
          int now = open == null ? 0 : open;
          if (now >= settings.maxStreamsPerClient()) return open;
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /** The counts one stream holds, given back once. */
  private final class Permit {
    final String client;
    final AtomicBoolean started = new AtomicBoolean();
    final AtomicBoolean released = new AtomicBoolean();

    Permit(String client) {
      this.client = client;
    }

    void release() {
      if (!released.compareAndSet(false, true)) return;
      metrics.open().decrementAndGet();
      perClient.computeIfPresent(client, (c, open) -> open <= 1 ? null : open - 1);
      checkAllEnded();
    }
  }

  public int openStreams() {
    return metrics.open().get();
  }
}
