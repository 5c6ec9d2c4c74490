package com.reservation.engine.waitingroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.reservation.engine.testing.TestClock;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One room on its own: one ticket per customer, the opening's shuffle independent of when people
 * joined and the same after a recovery, later arrivals first come first served behind them,
 * admissions in line order at the rate, and nobody let in before the opening or after removal.
 */
class WaitingRoomTest {
  private static final Instant OPENS = Instant.parse("2026-12-08T10:00:00Z");
  private static final AtomicInteger VENUES = new AtomicInteger();
  // Rounds are sent by the tests: the room's own timer would run on the wall clock.
  private static final WaitingRoomSettings SETTINGS =
      new WaitingRoomSettings(
          Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(2), 1000, 100_000, 500);

  private static ActorTestKit testKit;
  private TestClock clock;
  private EventSourcedBehaviorTestKit<RoomCommand, RoomEvent, RoomState> room;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("WaitingRoomTest", TestConfigs.eventSourcedBehaviorTestKit());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newRoom() {
    clock = new TestClock(OPENS.minus(Duration.ofMinutes(10)));
    room =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            WaitingRoom.create("venue" + VENUES.incrementAndGet(), SETTINGS, clock),
            EventSourcedBehaviorTestKit.enabledSerializationSettings()
                .withVerifyState(false)
                .withVerifyCommands(false));
  }

  private static RoomSettings settings(LineOrder order, int perMinute) {
    return new RoomSettings(
        OPENS, OPENS.minus(Duration.ofMinutes(30)), perMinute, 0, 600, order, null);
  }

  private RoomReply configure(RoomSettings settings) {
    return room.<RoomReply>runCommand(replyTo -> new RoomCommand.Configure(settings, replyTo))
        .reply();
  }

  /** Joins through a probe (a join is answered after its write, by a later message). */
  private RoomReply.TicketFound join(String customerId) {
    TestProbe<RoomReply> probe = testKit.createTestProbe();
    room.runCommand(new RoomCommand.Join(customerId, probe.getRef()));
    return assertInstanceOf(RoomReply.TicketFound.class, probe.receiveMessage());
  }

  private void round() {
    room.runCommand(RoomCommand.Round.INSTANCE);
  }

  private RoomState.Ticket ticketOf(String customerId) {
    RoomState state = room.getState();
    return state.tickets().get(state.ticketOf().get(customerId).orElseThrow()).orElseThrow();
  }

  @Test
  void aCustomerHasOneTicketPerRoom() {
    configure(settings(LineOrder.RANDOM_THEN_FIFO, 600));
    RoomReply.TicketFound first = join("ann");
    RoomReply.TicketFound again = join("ann");
    assertTrue(first.created());
    assertFalse(again.created());
    assertEquals(first.ticket().ticketId(), again.ticket().ticketId());
    assertEquals(1, room.getState().joined());
  }

  @Test
  void theOpeningShufflesEveryoneWhoJoinedBeforeItAndOnlyOnce() {
    configure(settings(LineOrder.RANDOM_THEN_FIFO, 60));
    int before = 200;
    for (int i = 0; i < before; i++) {
      join("early-" + i);
      clock.advance(Duration.ofMillis(100));
    }
    assertFalse(ticketOf("early-0").isPlaced(), "nobody has a place before the opening");
    clock.set(OPENS);
    round();
    List<Integer> places = new ArrayList<>();
    for (int i = 0; i < before; i++) places.add(ticketOf("early-" + i).index());
    assertEquals(before, new HashSet<>(places).size(), "one place each");
    assertTrue(places.stream().allMatch(p -> p >= 0 && p < before));
    // Independent of when they joined: arrival order and place are not related (a rank
    // correlation near 0; in order it would be 1).
    double correlation = rankCorrelation(places);
    assertTrue(Math.abs(correlation) < 0.3, "rank correlation " + correlation);

    clock.advance(Duration.ofSeconds(5));
    join("late-1");
    join("late-2");
    assertEquals(before, ticketOf("late-1").index(), "later arrivals queue behind, in order");
    assertEquals(before + 1, ticketOf("late-2").index());

    // Decided once: a recovery from the events places everyone where they were.
    Map<String, RoomState.Ticket> beforeRestart = room.getState().ticketsById();
    room.restart();
    assertEquals(beforeRestart, room.getState().ticketsById());
  }

  @Test
  void aJoinStoredTogetherWithTheOpeningIsPlacedByWhenItCame() {
    configure(settings(LineOrder.RANDOM_THEN_FIFO, 60));
    for (int i = 0; i < 20; i++) join("early-" + i);
    clock.set(OPENS.plusMillis(1));
    // No round has run since the opening: the first write after it places the early ones first.
    join("first-after");
    assertEquals(20, ticketOf("first-after").index());
    assertTrue(room.getState().opened());
  }

  @Test
  void firstComeFirstServedKeepsArrivalOrderThroughTheOpening() {
    configure(settings(LineOrder.FIFO, 60));
    for (int i = 0; i < 30; i++) join("c-" + i);
    clock.set(OPENS);
    round();
    for (int i = 0; i < 30; i++) assertEquals(i, ticketOf("c-" + i).index());
  }

  @Test
  void admissionsFollowTheLineAtTheRate() {
    configure(settings(LineOrder.FIFO, 120));
    for (int i = 0; i < 50; i++) join("c-" + i);
    clock.set(OPENS.minusSeconds(1));
    round(); // before the opening: nobody
    assertEquals(0, room.getState().frontier());
    clock.set(OPENS);
    for (int second = 0; second < 10; second++) {
      round();
      clock.advance(Duration.ofSeconds(1));
    }
    // 120 per minute, two per second-long round.
    assertEquals(20, room.getState().frontier());
    RoomView view = RoomView.of(room.getState(), clock.instant());
    AdmissionTokens tokens = new AdmissionTokens(new byte[32]);
    TicketView admitted = TicketView.of(ticketOf("c-19"), view, "v", clock.instant(), tokens);
    TicketView waiting = TicketView.of(ticketOf("c-25"), view, "v", clock.instant(), tokens);
    assertEquals(TicketState.ADMITTED, admitted.state());
    assertTrue(tokens.admits(admitted.admission(), "v", "c-19", clock.instant()));
    assertEquals(TicketState.WAITING, waiting.state());
    assertEquals(6, waiting.position(), "five people ahead");
    clock.advance(Duration.ofMinutes(11));
    TicketView expired = TicketView.of(ticketOf("c-0"), view, "v", clock.instant(), tokens);
    assertEquals(TicketState.EXPIRED, expired.state());
  }

  @Test
  void noOneJoinsBeforeThePrequeueOrAfterTheRoomCloses() {
    RoomSettings early =
        new RoomSettings(
            OPENS,
            OPENS.minus(Duration.ofMinutes(1)),
            60,
            0,
            600,
            LineOrder.RANDOM_THEN_FIFO,
            OPENS.plus(Duration.ofHours(1)));
    configure(early);
    TestProbe<RoomReply> probe = testKit.createTestProbe();
    room.runCommand(new RoomCommand.Join("too-early", probe.getRef()));
    assertInstanceOf(RoomReply.NotJoinable.class, probe.receiveMessage());
    clock.set(OPENS.plus(Duration.ofHours(2)));
    room.runCommand(new RoomCommand.Join("after-close", probe.getRef()));
    RoomReply.NotJoinable closed =
        assertInstanceOf(RoomReply.NotJoinable.class, probe.receiveMessage());
    assertEquals(RoomPhase.PASSTHROUGH, closed.phase());
  }

  @Test
  void aRemovedRoomHasNoLineAndANewOneStartsAfresh() {
    configure(settings(LineOrder.RANDOM_THEN_FIFO, 60));
    String ticket = join("ann").ticket().ticketId();
    room.<RoomReply>runCommand(RoomCommand.Remove::new);
    TestProbe<RoomReply> probe = testKit.createTestProbe();
    room.runCommand(new RoomCommand.Join("bob", probe.getRef()));
    assertInstanceOf(RoomReply.NoRoom.class, probe.receiveMessage());
    RoomReply.View made =
        assertInstanceOf(RoomReply.View.class, configure(settings(LineOrder.RANDOM_THEN_FIFO, 60)));
    assertTrue(made.created());
    assertNotEquals(ticket, join("ann").ticket().ticketId());
  }

  @Test
  void randomOrderShufflesEachRoundsArrivalsBehindThoseBefore() {
    configure(settings(LineOrder.RANDOM, 60));
    clock.set(OPENS);
    round();
    for (int i = 0; i < 40; i++) join("r1-" + i);
    round();
    for (int i = 0; i < 40; i++) join("r2-" + i);
    round();
    Set<Integer> first = new HashSet<>();
    for (int i = 0; i < 40; i++) first.add(ticketOf("r1-" + i).index());
    for (int i = 0; i < 40; i++) {
      int place = ticketOf("r2-" + i).index();
      assertTrue(place >= 40 && place < 80, "a later round is behind an earlier one");
    }
    assertEquals(40, first.size());
    List<Integer> places = new ArrayList<>();
    for (int i = 0; i < 40; i++) places.add(ticketOf("r1-" + i).index());
    assertNotEquals(List.copyOf(places), places.stream().sorted().toList(), "shuffled");
  }

  /** Spearman's rank correlation between arrival (the list's order) and the values. */
  static double rankCorrelation(List<Integer> values) {
    int n = values.size();
    List<Integer> sorted = values.stream().sorted().toList();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = i - sorted.indexOf(values.get(i));
      sum += d * d;
    }
    return 1 - 6 * sum / ((double) n * ((double) n * n - 1));
  }
}
