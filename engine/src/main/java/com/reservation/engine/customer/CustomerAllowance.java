package com.reservation.engine.customer;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import com.reservation.engine.customer.AllowanceCommand.Reconciled;
import com.reservation.engine.customer.AllowanceCommand.Refused;
import com.reservation.engine.customer.AllowanceCommand.Release;
import com.reservation.engine.customer.AllowanceCommand.Reserve;
import com.reservation.engine.metrics.EngineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One customer's allowances in one venue with a per-customer limit: the single writer of how many
 * bookings, holds and waitlist entries the customer may have there, whatever node or slot they go
 * through. A grant is stored before the caller asks the slot, so a crash never lets a customer past
 * the limit; a grant the slot never used (the slot refused, or the caller died between the steps)
 * is given back by a Release, or found out when it matters.
 *
 * <p>Found out how: at the limit, the allowance asks the slots of its grants whose deadline has
 * passed whether they still use them. A slot refuses any command past its deadline, so "not in use"
 * is then final, and those grants are released. A grant therefore blocks a customer for at most its
 * deadline (the ask timeout) plus {@code settle-after}, and only when the customer is at the limit
 * does anyone ask. Commands that arrive while the slots are being asked wait (stashed) and are
 * decided afterwards, in order.
 */
public final class CustomerAllowance
    extends EventSourcedBehavior<AllowanceCommand, AllowanceEvent, AllowanceState> {

  public static final EntityTypeKey<AllowanceCommand> ENTITY_KEY =
      EntityTypeKey.create(AllowanceCommand.class, "Customer");

  /** Venue ids never contain ':', so the first one separates venue and customer. */
  public static String entityId(String venueId, String customerId) {
    return venueId + ":" + customerId;
  }

  /** Starts sharding of customer allowances on this node. */
  public static void init(
      ActorSystem<?> system, AllowanceSettings settings, GrantChecks checks, Clock clock) {
    EngineMetrics.get(system).sharded(ENTITY_KEY);
    ClusterShardingSettings sharding = ClusterShardingSettings.create(system);
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, checks, clock))
                .withSettings(
                    sharding.withPassivationStrategy(
                        sharding
                            .passivationStrategySettings()
                            .withIdleEntityPassivation(settings.passivateAfter()))));
  }

  public static Behavior<AllowanceCommand> create(
      String entityId, AllowanceSettings settings, GrantChecks checks, Clock clock) {
    return Behaviors.setup(
        context -> new CustomerAllowance(context, entityId, settings, checks, clock));
  }

  private final ActorContext<AllowanceCommand> context;
  private final String customerId;
  private final AllowanceSettings settings;
  private final GrantChecks checks;
  private final Clock clock;

  /** True while the slots are being asked about grants; everything else waits meanwhile. */
  private boolean reconciling;

  /**
   * When each grant was last found in use (this incarnation only: after a restart they are asked
   * again).
   */
  private final Map<String, Instant> foundInUse = new HashMap<>();

  /**
   * How often each grant was asked for in this incarnation. Only duplicates of one keyed request
   * share a grant id; when one of them is refused, another may still be using the grant, so the
   * grant is then left to be settled by asking the slot after its deadline.
   */
  private final Map<String, Integer> reservations = new HashMap<>();

  private CustomerAllowance(
      ActorContext<AllowanceCommand> context,
      String entityId,
      AllowanceSettings settings,
      GrantChecks checks,
      Clock clock) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.customerId = entityId.substring(entityId.indexOf(':') + 1);
    this.settings = settings;
    this.checks = checks;
    this.clock = clock;
  }

  @Override
  public AllowanceState emptyState() {
    return AllowanceState.EMPTY;
  }

  @Override
  public CommandHandler<AllowanceCommand, AllowanceEvent, AllowanceState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Reserve.class, this::reserve)
        .onCommand(Release.class, this::released)
        .onCommand(Refused.class, this::refused)
        .onCommand(Reconciled.class, this::reconciled)
        .build();
  }

  private Effect<AllowanceEvent, AllowanceState> reserve(AllowanceState state, Reserve command) {
    if (reconciling) return Effect().stash();
    // Forget what is known of grants that are gone (released, or started), then count this request.
    reservations.keySet().removeIf(grantId -> !state.has(grantId));
    foundInUse.keySet().removeIf(grantId -> !state.has(grantId));
    reservations.merge(command.grantId(), 1, Integer::sum);
    if (state.has(command.grantId())) {
      AllowanceState.Grant grant = state.grants().get(command.grantId());
      if (command.deadline().isAfter(grant.deadline())) {
        // A retry that will reach the slot later than the first attempt: the grant must count
        // until the retry's deadline, or a clean-up meanwhile could find it unused (the retry has
        // not arrived yet), give it back, and let the retry book past the limit.
        return Effect()
            .persist(
                new AllowanceEvent.Granted(
                    command.grantId(), grant.slotId(), grant.slotStart(), command.deadline()))
            .thenReply(command.replyTo(), s -> new AllowanceReply.Granted(command.grantId()));
      }
      return Effect()
          .none()
          .thenReply(command.replyTo(), s -> new AllowanceReply.Granted(command.grantId()));
    }
    Instant now = clock.instant();
    List<String> started = state.startedBy(now);
    if (state.grants().size() - started.size() < command.limit()) {
      List<AllowanceEvent> events = new ArrayList<>(2);
      if (!started.isEmpty()) events.add(new AllowanceEvent.Released(started));
      events.add(
          new AllowanceEvent.Granted(
              command.grantId(), command.slotId(), command.slotStart(), command.deadline()));
      return Effect()
          .persist(events)
          .thenReply(command.replyTo(), s -> new AllowanceReply.Granted(command.grantId()));
    }
    List<String> settled = settled(state, now, started);
    if (settled.isEmpty()) {
      AllowanceReply refused = new AllowanceReply.LimitReached(command.limit());
      if (started.isEmpty()) return Effect().none().thenReply(command.replyTo(), s -> refused);
      return Effect()
          .persist(new AllowanceEvent.Released(started))
          .thenReply(command.replyTo(), s -> refused);
    }
    reconciling = true;
    context.pipeToSelf(
        inUse(state, settled),
        (ended, failure) -> new Reconciled(settled, failure == null ? ended : List.of()));
    // Decided again once the slots have answered, with whatever grants they gave back.
    return Effect().stash();
  }

  /**
   * Grants whose slot has not started, whose deadline has passed by the margin, and that were not
   * just checked.
   */
  private List<String> settled(AllowanceState state, Instant now, List<String> started) {
    Instant deadlinePassed = now.minus(settings.settleAfter());
    Instant recheckFrom = now.minus(settings.recheckAfter());
    List<String> settled = new ArrayList<>();
    state
        .grants()
        .forEach(
            (grantId, grant) -> {
              Instant checked = foundInUse.get(grantId);
              if (!started.contains(grantId)
                  && grant.deadline().isBefore(deadlinePassed)
                  && (checked == null || checked.isBefore(recheckFrom))) {
                settled.add(grantId);
              }
            });
    return settled;
  }

  /**
   * The grants among {@code grantIds} that their slots no longer use; a slot that does not answer
   * keeps its grant.
   */
  private CompletionStage<List<String>> inUse(AllowanceState state, List<String> grantIds) {
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (String grantId : grantIds) {
      String slotId = state.grants().get(grantId).slotId();
      answers.add(
          checks
              .inUse(slotId, customerId, grantId)
              .toCompletableFuture()
              .exceptionally(failure -> true));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<String> ended = new ArrayList<>();
              for (int i = 0; i < grantIds.size(); i++)
                if (!answers.get(i).join()) ended.add(grantIds.get(i));
              return ended;
            });
  }

  private Effect<AllowanceEvent, AllowanceState> reconciled(
      AllowanceState state, Reconciled reconciled) {
    reconciling = false;
    Instant now = clock.instant();
    for (String grantId : reconciled.checked()) {
      if (!reconciled.ended().contains(grantId)) foundInUse.put(grantId, now);
    }
    if (reconciled.ended().isEmpty()) return Effect().unstashAll();
    reconciled.ended().forEach(foundInUse::remove);
    reconciled.ended().forEach(reservations::remove);
    context
        .getLog()
        .info(
            "Released {} unused allowance(s) of a customer after asking their slots",
            reconciled.ended().size());
    return Effect().persist(new AllowanceEvent.Released(reconciled.ended())).thenUnstashAll();
  }

  /**
   * A slot reports that a grant is no longer used. When the grant was asked for more than once in
   * this incarnation (a keyed request and its retry), the report may be about the first record that
   * used it while a retry made a second one with the same grant: a slot forgets what ended past its
   * history bounds (reservation.slot.history), and a retry with the key of a forgotten record is
   * decided as new. The grant is then left to be settled by asking the slot, as for a refusal of
   * one of two duplicates, so it is never freed while a record uses it.
   */
  private Effect<AllowanceEvent, AllowanceState> released(AllowanceState state, Release command) {
    if (reconciling) return Effect().stash();
    int asked = reservations.getOrDefault(command.grantId(), 0);
    if (asked > 1) {
      reservations.put(command.grantId(), asked - 1);
      return Effect().none();
    }
    return release(state, command);
  }

  private Effect<AllowanceEvent, AllowanceState> release(AllowanceState state, Release command) {
    if (reconciling) return Effect().stash();
    if (!state.has(command.grantId())) return Effect().none();
    foundInUse.remove(command.grantId());
    reservations.remove(command.grantId());
    return Effect().persist(new AllowanceEvent.Released(List.of(command.grantId())));
  }

  private Effect<AllowanceEvent, AllowanceState> refused(AllowanceState state, Refused command) {
    if (reconciling) return Effect().stash();
    int asked = reservations.getOrDefault(command.grantId(), 0);
    if (asked > 1) {
      reservations.put(command.grantId(), asked - 1);
      return Effect().none();
    }
    return release(state, new Release(command.grantId()));
  }

  @Override
  public EventHandler<AllowanceState, AllowanceEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(AllowanceState::apply);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }
}
