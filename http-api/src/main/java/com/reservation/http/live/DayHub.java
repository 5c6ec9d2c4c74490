package com.reservation.http.live;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.pubsub.Topic;
import akka.stream.BoundedSourceQueue;
import akka.stream.QueueOfferResult;
import akka.util.ByteString;
import com.reservation.engine.events.live.LiveDayQuery;
import com.reservation.engine.events.live.SlotChange;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One venue-day watched on this node: subscribed once to the day's topic, it keeps the day's slots
 * (newest counts win, by sequence number, whether they came from a slot or from the read model),
 * sends each new viewer a snapshot and every viewer the changed slots once per coalescing period,
 * and a heartbeat. A frame is rendered once and offered to every viewer's bounded queue; a viewer
 * whose queue is full is failed (its stream ends): it could not keep up. When the node stops, every
 * viewer gets a last event and its stream ends ({@link End}).
 */
final class DayHub extends AbstractBehavior<DayHub.Command> {
  sealed interface Command {}

  /** A new viewer's queue. */
  record Watch(BoundedSourceQueue<ByteString> viewer) implements Command {}

  /** The registry asks an idle hub to stop; a hub that has viewers again ignores it. */
  record Stop() implements Command {}

  /** The node stops: each viewer gets its last event and its stream ends; then the hub stops. */
  record End() implements Command {}

  private record Changed(SlotChange change) implements Command {}

  private record Loaded(List<SlotChange> slots, Throwable failure) implements Command {}

  private record Flush() implements Command {}

  private record Resync() implements Command {}

  private record Heartbeat() implements Command {}

  private record Linger() implements Command {}

  /** A viewer that cannot keep up. */
  static final class SlowViewer extends RuntimeException {
    SlowViewer() {
      super("the viewer fell too far behind", null, false, false);
    }
  }

  static Behavior<Command> create(
      String venueId,
      LocalDate date,
      ActorRef<Topic.Command<SlotChange>> topic,
      LiveDayQuery query,
      LiveSettings settings,
      ActorRef<HubRegistry.Command> registry,
      LiveMetrics metrics,
      Clock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new DayHub(
                        context, timers, venueId, date, topic, query, settings, registry, metrics,
                        clock)));
  }

  private final TimerScheduler<Command> timers;
  private final String venueId;
  private final LocalDate date;
  private final ActorRef<Topic.Command<SlotChange>> topic;
  private final ActorRef<SlotChange> subscriber;
  private final LiveDayQuery query;
  private final LiveSettings settings;
  private final ActorRef<HubRegistry.Command> registry;
  private final LiveMetrics metrics;
  private final Clock clock;

  private final Map<String, SlotChange> slots = new HashMap<>();

  /**
   * The status each slot was last shown with: a slot whose start passes is sent again, as CLOSED.
   */
  private final Map<String, String> shownStatus = new HashMap<>();

  private final Set<String> pending = new LinkedHashSet<>();
  private final List<SlotChange> early = new ArrayList<>();
  private final List<BoundedSourceQueue<ByteString>> viewers = new ArrayList<>();
  private final List<BoundedSourceQueue<ByteString>> waiting = new ArrayList<>();
  private boolean loaded;
  private boolean loading;
  private ByteString snapshot;

  private DayHub(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String venueId,
      LocalDate date,
      ActorRef<Topic.Command<SlotChange>> topic,
      LiveDayQuery query,
      LiveSettings settings,
      ActorRef<HubRegistry.Command> registry,
      LiveMetrics metrics,
      Clock clock) {
    super(context);
    this.timers = timers;
    this.venueId = venueId;
    this.date = date;
    this.topic = topic;
    this.query = query;
    this.settings = settings;
    this.registry = registry;
    this.metrics = metrics;
    this.clock = clock;
    this.subscriber = context.messageAdapter(SlotChange.class, Changed::new);
    // Subscribe before loading: a change made while the day loads is kept and merged after it.
    topic.tell(Topic.subscribe(subscriber));
    load();
    timers.startTimerWithFixedDelay(new Flush(), settings.coalesce());
    timers.startTimerWithFixedDelay(new Resync(), settings.resync());
    timers.startTimerWithFixedDelay(new Heartbeat(), settings.heartbeat());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Watch.class, this::onWatch)
        .onMessage(Changed.class, this::onChanged)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Flush.class, f -> flush())
        .onMessage(Resync.class, r -> load())
        .onMessage(Heartbeat.class, h -> heartbeat())
        .onMessage(Linger.class, l -> linger())
        .onMessage(Stop.class, s -> onStop())
        .onMessage(End.class, e -> onEnd())
        .onSignal(PostStop.class, s -> unsubscribe())
        .build();
  }

  private Behavior<Command> onWatch(Watch watch) {
    timers.cancel(Linger.class);
    if (!loaded) {
      waiting.add(watch.viewer());
    } else if (offer(watch.viewer(), snapshot())) {
      viewers.add(watch.viewer());
    }
    return this;
  }

  private Behavior<Command> onChanged(Changed changed) {
    if (!loaded) early.add(changed.change());
    else merge(changed.change(), true);
    return this;
  }

  private Behavior<Command> load() {
    if (loading) return this;
    loading = true;
    getContext().pipeToSelf(query.day(venueId, date), Loaded::new);
    return this;
  }

  private Behavior<Command> onLoaded(Loaded result) {
    loading = false;
    if (result.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "Availability of {} on {} not loaded: {}",
              venueId,
              date,
              result.failure().toString());
      if (!loaded) {
        // Nothing to show: end the waiting streams (clients reconnect) rather than keep them empty.
        waiting.forEach(BoundedSourceQueue::complete);
        waiting.clear();
        idleCheck();
      }
      return this;
    }
    boolean first = !loaded;
    for (SlotChange row : result.slots()) merge(row, !first);
    if (first) {
      loaded = true;
      for (SlotChange change : early) merge(change, true);
      early.clear();
      ByteString frame = snapshot();
      for (BoundedSourceQueue<ByteString> viewer : waiting)
        if (offer(viewer, frame)) viewers.add(viewer);
      waiting.clear();
      idleCheck();
    }
    return this;
  }

  /** Newest wins: the read model may lag a slot's own news, and pub-sub may lose some. */
  private void merge(SlotChange change, boolean announce) {
    SlotChange known = slots.get(change.slotId());
    if (known != null && known.sequenceNr() >= change.sequenceNr()) return;
    slots.put(change.slotId(), change);
    snapshot = null;
    if (announce) pending.add(change.slotId());
    else shownStatus.put(change.slotId(), LiveFrames.status(change, clock.instant()));
  }

  private Behavior<Command> flush() {
    if (!loaded) return this;
    Instant now = clock.instant();
    // A slot whose start passed is closed now although nothing was written.
    for (SlotChange slot : slots.values()) {
      if (!LiveFrames.status(slot, now).equals(shownStatus.get(slot.slotId())))
        pending.add(slot.slotId());
    }
    if (pending.isEmpty()) return this;
    List<SlotChange> changed = new ArrayList<>(pending.size());
    for (String slotId : pending) {
      SlotChange slot = slots.get(slotId);
      changed.add(slot);
      shownStatus.put(slotId, LiveFrames.status(slot, now));
    }
    pending.clear();
    snapshot = null;
    broadcast(LiveFrames.slots(changed, now));
    return this;
  }

  private Behavior<Command> heartbeat() {
    broadcast(LiveFrames.HEARTBEAT);
    return this;
  }

  private void broadcast(ByteString frame) {
    viewers.removeIf(viewer -> !offer(viewer, frame));
    idleCheck();
  }

  /** Offers a frame; false when the viewer is gone or was dropped for being too far behind. */
  private boolean offer(BoundedSourceQueue<ByteString> viewer, ByteString frame) {
    QueueOfferResult result = viewer.offer(frame);
    if (result == QueueOfferResult.enqueued()) return true;
    if (result == QueueOfferResult.dropped()) {
      viewer.fail(new SlowViewer());
      metrics.viewerDropped();
    }
    return false;
  }

  private ByteString snapshot() {
    if (snapshot == null) {
      List<SlotChange> day = new ArrayList<>(slots.values());
      day.sort(Comparator.comparing(SlotChange::start));
      snapshot = LiveFrames.snapshot(venueId, date, day, clock.instant());
    }
    return snapshot;
  }

  private void idleCheck() {
    if (viewers.isEmpty() && waiting.isEmpty() && !timers.isTimerActive(Linger.class)) {
      timers.startSingleTimer(Linger.class, new Linger(), settings.linger());
    }
  }

  private Behavior<Command> onStop() {
    if (viewers.isEmpty() && waiting.isEmpty()) return Behaviors.stopped();
    return this;
  }

  private Behavior<Command> onEnd() {
    viewers.forEach(viewer -> end(viewer, settings));
    waiting.forEach(viewer -> end(viewer, settings));
    viewers.clear();
    waiting.clear();
    return Behaviors.stopped();
  }

  /**
   * Sends a viewer the last event, with its own retry hint (spread over [shutdown-retry, twice
   * that)), and completes its stream once that is sent.
   */
  static void end(BoundedSourceQueue<ByteString> viewer, LiveSettings settings) {
    long retry = settings.shutdownRetry().toMillis();
    viewer.offer(LiveFrames.shutdown(retry + ThreadLocalRandom.current().nextLong(retry + 1)));
    viewer.complete();
  }

  private Behavior<Command> linger() {
    if (viewers.isEmpty() && waiting.isEmpty())
      registry.tell(new HubRegistry.Idle(venueId, date, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> unsubscribe() {
    topic.tell(Topic.unsubscribe(subscriber));
    return this;
  }
}
