package com.reservation.engine.customer;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.SnapshotAdapter;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import com.reservation.engine.customer.AllowanceCommand.EarlierAllowancesFound;
import com.reservation.engine.customer.AllowanceCommand.EarlierCustomersListed;
import com.reservation.engine.customer.AllowanceCommand.ForgetStarted;
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
 * The allowances of a fixed share of one venue's customers (those whose id hashes to its bucket):
 * the single writer of how many bookings, holds and waitlist entries each of them may have there,
 * whatever node or slot they go through. A grant is stored before the caller asks the slot, so a
 * crash never lets a customer past the limit; a grant the slot never used (the slot refused, or the
 * caller died between the steps) is given back by a Release, or found out when it matters.
 *
 * <p>Why buckets and not one entity per customer: in a burst of new people (a vaccination round,
 * one appointment each) an entity per customer started, recovered from the store and passivated
 * once per booking, which cost more than the booking itself. A bucket recovers once and serves
 * thousands of customers; a new customer costs a map entry and one event. There are {@link
 * #BUCKETS_PER_VENUE} per venue, fixed forever (a customer must always meet the same bucket), so
 * writes of different customers spread over as many writers, whose events the journal commits
 * together.
 *
 * <p>Found out how: at the limit, the bucket asks the slots of the customer's grants whose deadline
 * has passed whether they still use them. A slot refuses any command past its deadline, so "not in
 * use" is then final, and those grants are released. A grant therefore blocks a customer for at
 * most its deadline (the ask timeout) plus {@code settle-after}, and only when the customer is at
 * the limit does anyone ask. That customer's commands that arrive while the slots are being asked
 * wait and are decided afterwards; other customers' go on.
 */
public final class AllowanceBucket
    extends EventSourcedBehavior<AllowanceCommand, BucketEvent, AllowanceBook> {

  public static final EntityTypeKey<AllowanceCommand> ENTITY_KEY =
      EntityTypeKey.create(AllowanceCommand.class, "AllowanceBucket");

  /**
   * Buckets per venue. Never change it: a customer's bucket is {@code hash(customer) mod} this, and
   * a customer meeting another bucket would start from no grants. 128 spreads a burst's writes over
   * more writers than a node has requests in flight, and keeps a bucket's state to a few hundred
   * customers in a round of 50,000.
   */
  public static final int BUCKETS_PER_VENUE = 128;

  /** The bucket that keeps {@code customerId}'s allowances, in 0..{@link #BUCKETS_PER_VENUE}-1. */
  public static int bucketOf(String customerId) {
    int h = customerId.hashCode(); // specified by the JDK, so equal on every node and version
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    h ^= h >>> 16;
    return Math.floorMod(h, BUCKETS_PER_VENUE);
  }

  /** Venue ids never contain ':', so the first one separates venue and bucket. */
  public static String entityId(String venueId, String customerId) {
    return venueId + ":" + bucketOf(customerId);
  }

  /** Starts sharding of allowance buckets on this node. */
  public static void init(
      ActorSystem<?> system,
      AllowanceSettings settings,
      GrantChecks checks,
      EarlierAllowances.Directory earlier,
      Clock clock) {
    EngineMetrics.get(system).sharded(ENTITY_KEY);
    ClusterShardingSettings sharding = ClusterShardingSettings.create(system);
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, checks, earlier, clock))
                .withSettings(
                    sharding.withPassivationStrategy(
                        sharding
                            .passivationStrategySettings()
                            .withIdleEntityPassivation(settings.passivateAfter()))));
  }

  public static Behavior<AllowanceCommand> create(
      String entityId,
      AllowanceSettings settings,
      GrantChecks checks,
      EarlierAllowances.Directory earlier,
      Clock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new AllowanceBucket(
                        context, timers, entityId, settings, checks, earlier, clock)));
  }

  /** A grant of one customer (grant ids are unique per customer only). */
  private record CustomerGrant(String customerId, String grantId) {}

  private final ActorContext<AllowanceCommand> context;
  private final String venueId;
  private final int bucket;
  private final AllowanceSettings settings;
  private final GrantChecks checks;
  private final EarlierAllowances.Directory earlier;
  private final Clock clock;

  /** True while a new bucket looks for earlier allowances of its customers; commands wait. */
  private boolean importing;

  /**
   * The commands of customers whose slots are being asked about grants: each waits for its
   * customer's answer, in arrival order.
   */
  private final Map<String, List<AllowanceCommand>> reconciling = new HashMap<>();

  /**
   * When grants were last found in use (this incarnation only: after a restart they are asked
   * again).
   */
  private final Map<CustomerGrant, Instant> foundInUse = new HashMap<>();

  /**
   * Grants asked for more than once in this incarnation, and how often. Only duplicates of one
   * keyed request share a grant id; when one of them is refused, another may still be using the
   * grant, so the grant is then left to be settled by asking the slot after its deadline.
   */
  private final Map<CustomerGrant, Integer> duplicates = new HashMap<>();

  private AllowanceBucket(
      ActorContext<AllowanceCommand> context,
      TimerScheduler<AllowanceCommand> timers,
      String entityId,
      AllowanceSettings settings,
      GrantChecks checks,
      EarlierAllowances.Directory earlier,
      Clock clock) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    int colon = entityId.indexOf(':');
    this.venueId = entityId.substring(0, colon);
    this.bucket = Integer.parseInt(entityId.substring(colon + 1));
    this.settings = settings;
    this.checks = checks;
    this.earlier = earlier;
    this.clock = clock;
    timers.startTimerWithFixedDelay(new ForgetStarted(), settings.forgetStartedEvery());
  }

  @Override
  public AllowanceBook emptyState() {
    return AllowanceBook.EMPTY;
  }

  @Override
  public CommandHandler<AllowanceCommand, BucketEvent, AllowanceBook> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(EarlierCustomersListed.class, this::listed)
        .onCommand(EarlierAllowancesFound.class, this::imported)
        .onCommand(command -> importing, command -> Effect().stash())
        .onCommand(Reserve.class, this::reserve)
        .onCommand(Release.class, (book, c) -> ended(book, c, c.customerId(), c.grantId()))
        .onCommand(Refused.class, (book, c) -> ended(book, c, c.customerId(), c.grantId()))
        .onCommand(Reconciled.class, this::reconciled)
        .onCommand(ForgetStarted.class, this::forgetStarted)
        .build();
  }

  @Override
  public SignalHandler<AllowanceBook> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (lastSequenceNumber(context) > 0) return;
              // A new bucket: before it decides anything, it takes over what earlier versions
              // stored per customer, so nobody passes the limit across an upgrade.
              importing = true;
              context.pipeToSelf(earlier.customers(venueId), EarlierCustomersListed::new);
            })
        .build();
  }

  private Effect<BucketEvent, AllowanceBook> listed(
      AllowanceBook state, EarlierCustomersListed listed) {
    if (!importing) return Effect().none(); // an answer to an incarnation before a restart
    if (listed.failure() != null) {
      // Restarted with backoff by the supervisor, and it looks again.
      throw new IllegalStateException(
          "could not list the earlier allowances of bucket " + venueId + ":" + bucket,
          listed.failure());
    }
    List<String> ours =
        listed.customers().stream().filter(customerId -> bucketOf(customerId) == bucket).toList();
    context.pipeToSelf(
        EarlierAllowances.replay(context, venueId, ours, settings.importTimeout()),
        EarlierAllowancesFound::new);
    return Effect().none();
  }

  private Effect<BucketEvent, AllowanceBook> imported(
      AllowanceBook state, EarlierAllowancesFound found) {
    if (!importing) return Effect().none(); // an answer to an incarnation before a restart
    if (found.failure() != null) {
      // Restarted with backoff by the supervisor, and it looks again.
      throw new IllegalStateException(
          "could not read the earlier allowances of bucket " + venueId + ":" + bucket,
          found.failure());
    }
    importing = false;
    if (!found.customers().isEmpty()) {
      context
          .getLog()
          .info(
              "Imported the allowances of {} customer(s) stored by an earlier version",
              found.customers().size());
    }
    // Stored even when empty, so the bucket never looks again.
    return Effect().persist(new BucketEvent.Imported(found.customers())).thenUnstashAll();
  }

  private Effect<BucketEvent, AllowanceBook> reserve(AllowanceBook book, Reserve command) {
    List<AllowanceCommand> waiting = reconciling.get(command.customerId());
    if (waiting != null) {
      waiting.add(command);
      return Effect().none();
    }
    String customerId = command.customerId();
    AllowanceState state = book.of(customerId);
    if (state.has(command.grantId())) {
      duplicates.merge(
          new CustomerGrant(customerId, command.grantId()), 2, (asked, one) -> asked + 1);
    }
    AllowanceRules.Decision decision =
        AllowanceRules.reserve(
            state,
            customerId,
            command.grantId(),
            command.slotId(),
            command.slotStart(),
            command.deadline(),
            command.limit(),
            clock.instant(),
            settings,
            grantId -> foundInUse.get(new CustomerGrant(customerId, grantId)));
    if (decision instanceof AllowanceRules.Grant grant) {
      AllowanceReply granted = new AllowanceReply.Granted(command.grantId());
      if (grant.events().isEmpty()) {
        command.replyTo().tell(granted);
        return Effect().none();
      }
      return Effect().persist(grant.events()).thenRun(s -> command.replyTo().tell(granted));
    }
    if (decision instanceof AllowanceRules.Refuse refuse) {
      AllowanceReply refused = new AllowanceReply.LimitReached(command.limit());
      if (refuse.events().isEmpty()) {
        command.replyTo().tell(refused);
        return Effect().none();
      }
      return Effect().persist(refuse.events()).thenRun(s -> command.replyTo().tell(refused));
    }
    List<String> settled = ((AllowanceRules.AskSlots) decision).grantIds();
    List<AllowanceCommand> queue = new ArrayList<>();
    queue.add(command);
    reconciling.put(customerId, queue);
    context.pipeToSelf(
        inUse(customerId, state, settled),
        (ended, failure) ->
            new Reconciled(customerId, settled, failure == null ? ended : List.of()));
    // Decided again once the slots have answered, with whatever grants they gave back.
    return Effect().none();
  }

  /**
   * The grants among {@code grantIds} that their slots no longer use; a slot that does not answer
   * keeps its grant.
   */
  private CompletionStage<List<String>> inUse(
      String customerId, AllowanceState state, List<String> grantIds) {
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

  private Effect<BucketEvent, AllowanceBook> reconciled(AllowanceBook book, Reconciled reconciled) {
    String customerId = reconciled.customerId();
    List<AllowanceCommand> waiting = reconciling.remove(customerId);
    Instant now = clock.instant();
    for (String grantId : reconciled.checked()) {
      if (!reconciled.ended().contains(grantId))
        foundInUse.put(new CustomerGrant(customerId, grantId), now);
    }
    if (reconciled.ended().isEmpty()) {
      decideAgain(waiting);
      return Effect().none();
    }
    for (String grantId : reconciled.ended()) {
      foundInUse.remove(new CustomerGrant(customerId, grantId));
      duplicates.remove(new CustomerGrant(customerId, grantId));
    }
    context
        .getLog()
        .info(
            "Released {} unused allowance(s) of a customer after asking their slots",
            reconciled.ended().size());
    return Effect()
        .persist(new BucketEvent.Released(customerId, reconciled.ended()))
        .thenRun(s -> decideAgain(waiting));
  }

  /**
   * Sends the customer's waiting commands back to this bucket, in their order. (A command of the
   * customer that arrives meanwhile may be decided before them: concurrent requests of one customer
   * have no order.)
   */
  private void decideAgain(List<AllowanceCommand> waiting) {
    if (waiting != null) waiting.forEach(context.getSelf()::tell);
  }

  /**
   * A slot reports that a grant is no longer used ({@link Release}), or the saga that the slot
   * refused the command that was to use it ({@link Refused}): decided by {@link
   * AllowanceRules#ended}.
   */
  private Effect<BucketEvent, AllowanceBook> ended(
      AllowanceBook book, AllowanceCommand command, String customerId, String grantId) {
    List<AllowanceCommand> waiting = reconciling.get(customerId);
    if (waiting != null) {
      waiting.add(command);
      return Effect().none();
    }
    CustomerGrant key = new CustomerGrant(customerId, grantId);
    switch (AllowanceRules.ended(book.of(customerId), grantId, duplicates.get(key))) {
      case ONE_OF_DUPLICATES:
        duplicates.merge(key, -1, Integer::sum);
        return Effect().none();
      case UNKNOWN:
        return Effect().none();
      default:
        foundInUse.remove(key);
        duplicates.remove(key);
        return Effect().persist(new BucketEvent.Released(customerId, List.of(grantId)));
    }
  }

  /**
   * Grants of slots that have started no longer count: dropped for every customer, so the bucket
   * keeps only customers with grants to come, however many came once and never again. What this
   * incarnation remembers of grants is dropped with them, or once their deadline is long past.
   */
  private Effect<BucketEvent, AllowanceBook> forgetStarted(
      AllowanceBook book, ForgetStarted timer) {
    Instant now = clock.instant();
    Instant longPast = now.minus(settings.forgetStartedEvery());
    foundInUse.keySet().removeIf(key -> forgettable(book, key, longPast));
    duplicates.keySet().removeIf(key -> forgettable(book, key, longPast));
    List<BucketEvent.Released> started = new ArrayList<>();
    for (BucketEvent.Released released : book.startedBy(now)) {
      // A customer whose slots are being asked about keeps everything until the answer.
      if (!reconciling.containsKey(released.customerId())) started.add(released);
    }
    if (started.isEmpty()) return Effect().none();
    return Effect().persist(new ArrayList<BucketEvent>(started));
  }

  private static boolean forgettable(AllowanceBook book, CustomerGrant key, Instant longPast) {
    AllowanceState.Grant grant = book.of(key.customerId()).grants().get(key.grantId());
    return grant == null || grant.deadline().isBefore(longPast);
  }

  @Override
  public EventHandler<AllowanceBook, BucketEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(AllowanceBook::apply);
  }

  @Override
  public SnapshotAdapter<AllowanceBook> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(AllowanceBook state) {
        return state.stored();
      }

      @Override
      public AllowanceBook fromJournal(Object from) {
        return AllowanceBook.of((AllowanceBook.Stored) from);
      }
    };
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }
}
