package com.reservation.engine.events.webhook;

import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import com.reservation.engine.events.webhook.WebhookStore.Delivery;
import com.reservation.engine.events.webhook.WebhookStore.Trimmed;
import com.reservation.engine.metrics.EngineMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * One of the cluster's webhook delivery workers (a sharded daemon process: exactly one runs per
 * index, on some node, restarted elsewhere when its node dies). It serves the webhooks whose id
 * hashes to its index, each in its own lane: a lane sends its webhook's deliveries one at a time in
 * outbox order, deletes them once acknowledged, and after a failure waits (capped exponential
 * backoff, stored with the delivery so it survives a move) before trying the same delivery again.
 * Lanes never wait for each other, so a slow or dead receiver delays only its own deliveries.
 *
 * <p>A lane also bounds its webhook's backlog: every {@code backlog-check-interval}, whether it is
 * waiting out a backoff or about to send, it moves pending deliveries older than {@code retry-for},
 * and beyond the newest {@code max-pending} the oldest, to the dead letter (never while one of its
 * attempts is in flight, so a delivery is never both sent and dead-lettered by the lane). An
 * attempt is cut at its whole deadline ({@code request-timeout}): the JDK client's own timeout ends
 * with the response's headers, so a receiver trickling its body would otherwise hold the lane for
 * ever.
 *
 * <p>A node killed between a receiver's 2xx and the delete sends that delivery again: at least
 * once, and the {@code X-Reservation-Event-Id} header lets the receiver drop the duplicate.
 */
public final class DeliveryWorker extends AbstractBehavior<DeliveryWorker.Command> {
  public static final String NAME = "webhook-delivery";
  public static final String EVENT_ID_HEADER = "X-Reservation-Event-Id";

  /** Messages of a worker (local only). */
  public sealed interface Command {}

  private record Refresh() implements Command {}

  private record Refreshed(List<Webhook> webhooks, Throwable failure) implements Command {}

  private record Poll() implements Command {}

  private record LaneDone(String webhookId, Next next, Throwable failure) implements Command {}

  /** Sharded daemon process's stop message (hand-off, shutdown). */
  public record Stop() implements Command {}

  /** When a lane runs again: at once ({@code more}), or not before {@code notBefore}. */
  private record Next(Instant notBefore, boolean more) {}

  private static final class Lane {
    Webhook webhook;
    boolean busy;
    Instant notBefore = Instant.MIN;
    Instant nextTrim = Instant.MIN;
    Instant nextPrune = Instant.MIN;

    Lane(Webhook webhook) {
      this.webhook = webhook;
    }
  }

  public static void init(
      ActorSystem<?> system,
      WebhookStore store,
      Executor jdbc,
      HttpClient http,
      DeliverySettings settings,
      WebhookTargets targets,
      Clock clock) {
    ShardedDaemonProcess.get(system)
        .init(
            Command.class,
            NAME,
            settings.workers(),
            index -> create(index, store, jdbc, http, settings, targets, clock),
            ShardedDaemonProcessSettings.create(system),
            Optional.of(new Stop()));
  }

  public static Behavior<Command> create(
      int index,
      WebhookStore store,
      Executor jdbc,
      HttpClient http,
      DeliverySettings settings,
      WebhookTargets targets,
      Clock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new DeliveryWorker(
                        context, timers, index, store, jdbc, http, settings, targets, clock)));
  }

  private final int index;
  private final WebhookStore store;
  private final Executor jdbc;
  private final HttpClient http;
  private final DeliverySettings settings;
  private final Clock clock;
  private final WebhookTargets targets;
  private final Map<String, Lane> lanes = new HashMap<>();
  private final Scheduler scheduler;
  private final ExecutionContext timerExecutor;
  private final Counter tooMany;
  private final Counter tooOld;
  // Also used off the actor's thread (after a trim), which the context's logger must not be.
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
  private boolean refreshing;

  /**
   * Dead letters are pruned (by age and count) whenever deliveries were moved, and otherwise this
   * often: age alone makes few of them due, and the prune reads the webhook's dead letters.
   */
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private DeliveryWorker(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      int index,
      WebhookStore store,
      Executor jdbc,
      HttpClient http,
      DeliverySettings settings,
      WebhookTargets targets,
      Clock clock) {
    super(context);
    this.index = index;
    this.store = store;
    this.jdbc = jdbc;
    this.http = http;
    this.settings = settings;
    this.clock = clock;
    this.targets = targets;
    this.scheduler = context.getSystem().scheduler();
    this.timerExecutor = context.getSystem().executionContext();
    MeterRegistry meters = EngineMetrics.get(context.getSystem()).meters();
    this.tooMany = deadLettered(meters, WebhookStore.TOO_MANY);
    this.tooOld = deadLettered(meters, WebhookStore.TOO_OLD);
    timers.startTimerWithFixedDelay(new Refresh(), Duration.ZERO, settings.refreshInterval());
    timers.startTimerWithFixedDelay(new Poll(), settings.pollInterval(), settings.pollInterval());
  }

  /**
   * Deliveries this node's workers moved to the dead letter, by reason (never by webhook: its id is
   * an admin's free text).
   */
  private static Counter deadLettered(MeterRegistry meters, String reason) {
    return Counter.builder("reservation.webhook.dead.lettered")
        .description(
            "Webhook deliveries moved from the outbox to the dead letter: max-pending (pushed out of a"
                + " full backlog) or retry-for (too old).")
        .tag("reason", reason)
        .register(meters);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Refresh.class, r -> refresh())
        .onMessage(Refreshed.class, this::onRefreshed)
        .onMessage(Poll.class, p -> poll())
        .onMessage(LaneDone.class, this::onLaneDone)
        .onMessage(Stop.class, s -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> refresh() {
    if (refreshing) return this;
    refreshing = true;
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(store::all, jdbc),
            (all, failure) -> new Refreshed(all, failure));
    return this;
  }

  private Behavior<Command> onRefreshed(Refreshed refreshed) {
    refreshing = false;
    if (refreshed.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "Webhook worker {} could not load webhooks: {}",
              index,
              refreshed.failure().toString());
      return this;
    }
    Map<String, Webhook> mine = new HashMap<>();
    for (Webhook webhook : refreshed.webhooks()) {
      if (Math.floorMod(webhook.webhookId().hashCode(), settings.workers()) == index)
        mine.put(webhook.webhookId(), webhook);
    }
    lanes.keySet().retainAll(mine.keySet());
    mine.forEach(
        (id, webhook) -> lanes.computeIfAbsent(id, k -> new Lane(webhook)).webhook = webhook);
    return poll();
  }

  private Behavior<Command> poll() {
    Instant now = clock.instant();
    for (Lane lane : lanes.values()) {
      if (lane.busy) continue;
      if (!now.isBefore(lane.notBefore)) run(lane, now);
      else if (!now.isBefore(lane.nextTrim)) trimOnly(lane, now);
    }
    return this;
  }

  /** Bounds the backlog if that is due, then sends what is due. */
  private void run(Lane lane, Instant now) {
    lane.busy = true;
    Webhook webhook = lane.webhook;
    Runnable trim = trimIfDue(lane, now);
    CompletionStage<Next> step =
        CompletableFuture.supplyAsync(
                () -> {
                  trim.run();
                  return store.next(webhook.webhookId(), settings.batchSize());
                },
                jdbc)
            .thenCompose(due -> sendInOrder(webhook, due, 0, new ArrayList<>()));
    getContext()
        .pipeToSelf(step, (next, failure) -> new LaneDone(webhook.webhookId(), next, failure));
  }

  /** A lane waiting out a backoff bounds its backlog meanwhile (a dead receiver waits longest). */
  private void trimOnly(Lane lane, Instant now) {
    lane.busy = true;
    Next unchanged = new Next(lane.notBefore, false);
    Runnable trim = trimIfDue(lane, now);
    getContext()
        .pipeToSelf(
            CompletableFuture.runAsync(trim, jdbc),
            (ok, failure) -> new LaneDone(lane.webhook.webhookId(), unchanged, failure));
  }

  /**
   * What bounding the lane's backlog now takes (nothing when it is not due yet); decided here, on
   * the actor, and run on the JDBC executor.
   */
  private Runnable trimIfDue(Lane lane, Instant now) {
    if (now.isBefore(lane.nextTrim)) return () -> {};
    lane.nextTrim = now.plus(settings.backlogCheckInterval());
    boolean prune = !now.isBefore(lane.nextPrune);
    if (prune) lane.nextPrune = now.plus(PRUNE_EVERY);
    String webhookId = lane.webhook.webhookId();
    return () -> {
      Trimmed moved =
          store.trim(
              webhookId,
              now.minus(settings.retryFor()),
              settings.maxPending(),
              prune,
              now.minus(settings.deadLetterKeepFor()),
              settings.deadLetterMax());
      if (moved.byCount() + moved.byAge() == 0) return;
      tooMany.increment(moved.byCount());
      tooOld.increment(moved.byAge());
      log.warn(
          "Webhook {}: {} deliveries over max-pending and {} older than retry-for moved to the dead letter",
          webhookId,
          moved.byCount(),
          moved.byAge());
    };
  }

  private Behavior<Command> onLaneDone(LaneDone done) {
    Lane lane = lanes.get(done.webhookId());
    if (lane == null) return this; // deleted meanwhile
    lane.busy = false;
    if (done.failure() != null) {
      getContext()
          .getLog()
          .warn(
              "Webhook {}: delivery step failed: {}", done.webhookId(), done.failure().toString());
      lane.notBefore = clock.instant().plus(settings.backoffMin());
      return this;
    }
    lane.notBefore = done.next().notBefore();
    if (done.next().more()) run(lane, clock.instant());
    return this;
  }

  /**
   * Sends {@code due} from {@code i} on, one at a time; acknowledged ones are deleted together at
   * the end of the run or before a failure is recorded. Completes with when the lane should run
   * next.
   */
  private CompletionStage<Next> sendInOrder(
      Webhook webhook, List<Delivery> due, int i, List<Long> acknowledged) {
    Instant now = clock.instant();
    if (i == due.size()) {
      boolean full = due.size() == settings.batchSize();
      return db(() -> store.delivered(webhook.webhookId(), acknowledged))
          .thenApply(ok -> new Next(full ? now : now.plus(settings.pollInterval()), full));
    }
    Delivery delivery = due.get(i);
    if (delivery.notBefore().isAfter(now)) {
      return db(() -> store.delivered(webhook.webhookId(), acknowledged))
          .thenApply(ok -> new Next(delivery.notBefore(), false));
    }
    return send(webhook, delivery)
        .thenCompose(
            error -> {
              if (error.isEmpty()) {
                acknowledged.add(delivery.deliveryId());
                return sendInOrder(webhook, due, i + 1, acknowledged);
              }
              return db(
                  () -> {
                    store.delivered(webhook.webhookId(), acknowledged);
                    return failed(webhook, delivery, error.get());
                  });
            });
  }

  /**
   * Records a failed attempt (or abandons the delivery once its retry period is over); answers when
   * to go on.
   */
  private Next failed(Webhook webhook, Delivery delivery, String error) {
    Instant now = clock.instant();
    int attempts = delivery.attempts() + 1;
    if (!now.isBefore(delivery.createdAt().plus(settings.retryFor()))) {
      boolean moved =
          store.abandon(
              webhook.webhookId(),
              delivery.deliveryId(),
              attempts,
              "abandoned " + delivery.eventId() + " after " + attempts + " attempts: " + error);
      if (moved) tooOld.increment();
      return new Next(now, true);
    }
    Instant notBefore = now.plus(settings.backoff(attempts));
    store.failed(webhook.webhookId(), delivery.deliveryId(), attempts, notBefore, error);
    return new Next(notBefore, false);
  }

  /**
   * Empty when the receiver answered 2xx; otherwise what went wrong (a status or a transport error,
   * never a body).
   */
  private CompletionStage<Optional<String>> send(Webhook webhook, Delivery delivery) {
    // The target is checked again before every attempt: its name may resolve elsewhere by now.
    return targets
        .check(webhook.url(), jdbc)
        .thenCompose(
            refusal ->
                refusal.isPresent()
                    ? CompletableFuture.completedFuture(Optional.of(REFUSED_TARGET))
                    : post(webhook, delivery));
  }

  /**
   * What a failed attempt records (and GET shows): "HTTP &lt;status&gt;" or "no answer", never what
   * a transport error said, which would tell an admin which ports answer on the receiver's host.
   */
  static final String NO_ANSWER = "no answer";

  static final String REFUSED_TARGET = "refused: not a public address";

  private CompletionStage<Optional<String>> post(Webhook webhook, Delivery delivery) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(webhook.url())
              .timeout(settings.requestTimeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", "reservation-engine-webhooks")
              .header(EVENT_ID_HEADER, delivery.eventId())
              .header(Signature.HEADER, Signature.of(webhook.secret(), delivery.body()))
              .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(
                  Signature.V2_HEADER, Signature.v2(webhook.secret(), timestamp, delivery.body()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
              .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Optional.of("invalid request: " + e.getMessage()));
    }
    CompletableFuture<HttpResponse<Void>> exchange =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    // The request's timeout above ends once the headers are in; this one covers the whole attempt.
    // Cancelling aborts the exchange (and its connection), and the attempt fails as "no answer".
    Cancellable deadline =
        scheduler.scheduleOnce(
            settings.requestTimeout(), () -> exchange.cancel(true), timerExecutor);
    return exchange
        .whenComplete((response, failure) -> deadline.cancel())
        .handle(
            (response, failure) -> {
              if (failure != null) return Optional.of(NO_ANSWER);
              int status = response.statusCode();
              return status / 100 == 2 ? Optional.<String>empty() : Optional.of("HTTP " + status);
            });
  }

  private <T> CompletionStage<T> db(Supplier<T> body) {
    return CompletableFuture.supplyAsync(body, jdbc);
  }

  private CompletionStage<Void> db(Runnable body) {
    return CompletableFuture.runAsync(body, jdbc);
  }
}
