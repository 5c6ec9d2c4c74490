package com.reservation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import com.reservation.embedded.EmbeddedDatabase;
import com.reservation.engine.availability.CalendarDay;
import com.reservation.engine.availability.TimetableSlot;
import com.reservation.engine.schedule.ScheduleRequest;
import com.reservation.engine.schedule.ScheduleResult;
import com.reservation.engine.slot.SlotEvent;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.store.Database;
import com.reservation.engine.store.DatabaseSettings;
import com.reservation.engine.store.SchemaMigration;
import com.reservation.engine.testing.TestConfigs;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.testsupport.Polling;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as deployed on one node: cluster sharding, akka-persistence-jdbc on an embedded
 * PostgreSQL, the slot catalog and the availability projection. A burst never oversells, the
 * journal holds exactly the accepted bookings, and a new ActorSystem on the same database recovers
 * them.
 */
class SlotShardingPostgresTest {
  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final Duration READ_MODEL_BOUND = Duration.ofSeconds(10);
  private static final ZoneId ZONE = ZoneId.of("Asia/Kuala_Lumpur");
  private static final String VENUE = "arena";
  private static final int CAPACITY = 100;

  /** Two days of 09:00, 09:10 and 09:20 slots, a month ahead so none has started. */
  private static final LocalDate BURST_DAY = LocalDate.now(ZONE).plusDays(30);

  private static final LocalDate READ_MODEL_DAY = BURST_DAY.plusDays(1);

  @TempDir static Path dataDir;
  private static EmbeddedDatabase db;
  private static DatabaseSettings dbSettings;
  private static HikariDataSource dataSource;
  private static ActorTestKit node;
  private static ReservationEngine engine;

  @BeforeAll
  static void start() throws Exception {
    db = EmbeddedDatabase.start(dataDir, 0);
    dbSettings = new DatabaseSettings(db.url(), db.user(), db.password(), 10);
    dataSource = Database.pool(dbSettings, "sharding-test");
    SchemaMigration.migrate(dataSource);
    startNode();

    VenueRepository venues = engine.venues();
    assertEquals(
        VenueRepository.Change.CREATED, get(venues.upsert(new Venue(VENUE, "Arena", ZONE))));
    ScheduleRequest schedule =
        new ScheduleRequest(
            BURST_DAY, READ_MODEL_DAY, LocalTime.of(9, 0), LocalTime.of(9, 30), 10, CAPACITY, null);
    assertEquals(
        new ScheduleResult.Applied(VENUE, 6, 0), get(engine.applySchedule(VENUE, schedule)));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (node != null) node.shutdownTestKit();
    } finally {
      try {
        if (dataSource != null) dataSource.close();
      } finally {
        if (db != null) db.close();
      }
    }
  }

  /** A fresh single-node cluster on this database, with the engine started on it. */
  private static void startNode() {
    node = ActorTestKit.create("SlotShardingPostgresTest", TestConfigs.clusterNode(dbSettings));
    Cluster cluster = Cluster.get(node.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    node.createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(20),
            () -> {
              assertEquals(MemberStatus.up(), cluster.selfMember().status());
              return null;
            });
    engine = EngineAssembly.start(node.system(), dataSource);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(ANSWER.toSeconds(), TimeUnit.SECONDS);
  }

  /** The slot resolved as the HTTP layer resolves it: its id parsed, its venue found. */
  private static SeatTarget target(String slotId) throws Exception {
    SlotId.Parts parts = SlotId.parse(slotId).orElseThrow();
    return new SeatTarget(slotId, parts, get(engine.venues().find(parts.venueId())).orElseThrow());
  }

  private static String slot(LocalDate day, int hour, int minute) {
    return SlotId.of(VENUE, LocalDateTime.of(day, LocalTime.of(hour, minute)));
  }

  /** Every fact stored for the slot, read back from its journal rows as recovery reads them. */
  private static List<SlotFact> storedFacts(String slotId) throws Exception {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(node.system()));
    List<SlotFact> facts = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event_payload, event_ser_id, event_ser_manifest FROM event_journal"
                    + " WHERE persistence_id = ? ORDER BY sequence_number")) {
      s.setString(1, "Slot|" + slotId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          SlotEvent event =
              (SlotEvent)
                  serialization.deserialize(rs.getBytes(1), rs.getInt(2), rs.getString(3)).get();
          facts.addAll(event.facts());
        }
      }
    }
    return facts;
  }

  private static long stored(String slotId, Class<? extends SlotFact> type) throws Exception {
    return storedFacts(slotId).stream().filter(type::isInstance).count();
  }

  private static long rows(String sql, String slotId) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, "Slot|" + slotId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void theJournalIsInTheConfiguredDatabase() {
    var config = node.system().settings().config();
    assertEquals(
        dbSettings.url(),
        config.getString("akka-persistence-jdbc.shared-databases.default.db.url"));
    assertEquals(
        dbSettings.user(),
        config.getString("akka-persistence-jdbc.shared-databases.default.db.user"));
    assertEquals("reservation-journal", config.getString("akka.persistence.journal.plugin"));
    assertEquals(dbSettings.url(), config.getString("reservation-journal.url"));
    assertEquals("cluster", config.getString("akka.actor.provider"));
  }

  @Test
  void aBurstNeverOversellsIsStoredExactlyAndSurvivesANewActorSystem() throws Exception {
    String slotId = slot(BURST_DAY, 9, 0);
    int callers = 1000;

    List<CompletableFuture<BookingReply>> pending = new ArrayList<>(callers);
    for (int i = 0; i < callers; i++) {
      pending.add(
          engine
              .book(target(slotId), "customer-" + i, 1, "key-" + i, Map.of())
              .toCompletableFuture());
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .get(ANSWER.toSeconds(), TimeUnit.SECONDS);

    List<BookingView> accepted = new ArrayList<>();
    Map<RejectionReason, Integer> rejected = new EnumMap<>(RejectionReason.class);
    for (CompletableFuture<BookingReply> reply : pending) {
      BookingReply r = reply.join();
      if (r instanceof BookingReply.Booking b) {
        assertTrue(b.changed());
        accepted.add(b.booking());
      } else {
        rejected.merge(((Rejected) r).reason(), 1, Integer::sum);
      }
    }
    assertEquals(CAPACITY, accepted.size(), "exactly the capacity is sold");
    assertEquals(
        Map.of(RejectionReason.SLOT_FULL, callers - CAPACITY),
        rejected,
        "the rest are told the slot is full");
    Set<String> bookingIds = new HashSet<>();
    accepted.forEach(b -> bookingIds.add(b.bookingId()));
    assertEquals(CAPACITY, bookingIds.size(), "booking ids are distinct");
    assertEquals(
        CAPACITY, stored(slotId, SlotFact.Booked.class), "one stored fact per accepted booking");
    assertEquals(1, stored(slotId, SlotFact.Defined.class));
    long journalRows = rows("SELECT count(*) FROM event_journal WHERE persistence_id = ?", slotId);
    assertTrue(
        journalRows < CAPACITY,
        () -> "group commit: " + journalRows + " writes for " + CAPACITY + " bookings");
    assertEquals(
        journalRows,
        rows(
            "SELECT count(*) FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id WHERE j.persistence_id = ?",
            slotId),
        "one tag row per write");
    SlotView before = ((SlotReply.Current) get(engine.getSlot(slotId))).slot();
    assertEquals(CAPACITY, before.booked());
    assertEquals(0, before.available());

    // A new ActorSystem on the same database recovers the slot from the journal.
    node.shutdownTestKit();
    startNode();

    SlotView after = assertInstanceOf(SlotReply.Current.class, get(engine.getSlot(slotId))).slot();
    assertEquals(CAPACITY, after.booked());
    assertEquals(CAPACITY, after.capacity());
    BookingView original = accepted.get(accepted.size() / 2);
    BookingReply retry =
        get(
            engine.book(
                target(slotId),
                original.customerId(),
                1,
                original.customerId().replace("customer-", "key-"),
                Map.of()));
    BookingReply.Booking same = assertInstanceOf(BookingReply.Booking.class, retry);
    assertEquals(original.bookingId(), same.booking().bookingId());
    assertFalse(same.changed(), "a retry after the restart takes no second seat");
    Rejected late =
        assertInstanceOf(
            Rejected.class,
            get(engine.book(target(slotId), "late-customer", 1, "late-key", Map.of())));
    assertEquals(RejectionReason.SLOT_FULL, late.reason());
    assertEquals(CAPACITY, stored(slotId, SlotFact.Booked.class));

    TimetableSlot inReadModel =
        Polling.untilPasses(
            READ_MODEL_BOUND,
            Duration.ofMillis(100),
            () -> {
              TimetableSlot t = get(engine.availability().timetable(VENUE, BURST_DAY)).get(0);
              assertEquals(CAPACITY, t.booked());
              return t;
            },
            "the read model to show the full slot");
    assertEquals(slotId, inReadModel.slotId());
    assertEquals(0, inReadModel.available());
  }

  @Test
  void anUnknownSlotOfAKnownVenueIsUnknown() throws Exception {
    String unknown = slot(BURST_DAY, 23, 50);

    Rejected onGet = assertInstanceOf(Rejected.class, get(engine.getSlot(unknown)));
    Rejected onBook =
        assertInstanceOf(
            Rejected.class, get(engine.book(target(unknown), "c1", 1, "k1", Map.of())));

    assertEquals(RejectionReason.UNKNOWN_SLOT, onGet.reason());
    assertEquals(RejectionReason.UNKNOWN_SLOT, onBook.reason());
    assertEquals(
        0,
        rows("SELECT count(*) FROM event_journal WHERE persistence_id = ?", unknown),
        "nothing is written for an unknown slot");
  }

  @Test
  void timetableAndCalendarFollowTheSlotsWithinTheStalenessBound() throws Exception {
    String busy = slot(READ_MODEL_DAY, 9, 0);
    String quiet = slot(READ_MODEL_DAY, 9, 10);
    String closed = slot(READ_MODEL_DAY, 9, 20);
    get(engine.book(target(busy), "a", 3, "ka", Map.of()));
    BookingReply.Booking two =
        (BookingReply.Booking) get(engine.book(target(busy), "b", 2, "kb", Map.of()));
    get(engine.book(target(busy), "c", 4, "kc", Map.of()));
    assertTrue(
        ((BookingReply.Booking) get(engine.cancel(busy, two.booking().bookingId()))).changed());
    assertTrue(
        ((SlotReply.Current)
                get(engine.changeSlot(closed, Optional.empty(), Optional.of(SlotStatus.CLOSED))))
            .changed());

    List<TimetableSlot> timetable =
        Polling.untilPasses(
            READ_MODEL_BOUND,
            Duration.ofMillis(100),
            () -> {
              List<TimetableSlot> slots =
                  get(engine.availability().timetable(VENUE, READ_MODEL_DAY));
              assertEquals(7, slots.get(0).booked());
              assertEquals(SlotStatus.CLOSED, slots.get(2).status());
              return slots;
            },
            "the timetable to show the bookings and the closed slot");
    assertEquals(
        List.of(busy, quiet, closed), timetable.stream().map(TimetableSlot::slotId).toList());
    assertEquals(93, timetable.get(0).available());
    assertEquals(SlotStatus.OPEN, timetable.get(0).status());
    assertEquals(0, timetable.get(1).booked());
    assertEquals(LocalDateTime.of(READ_MODEL_DAY, LocalTime.of(9, 10)), timetable.get(1).start());
    assertEquals(
        LocalDateTime.of(READ_MODEL_DAY, LocalTime.of(9, 10)).atZone(ZONE).toInstant(),
        timetable.get(1).startInstant());

    CalendarDay day =
        Polling.untilPasses(
            READ_MODEL_BOUND,
            Duration.ofMillis(100),
            () -> {
              List<CalendarDay> days =
                  get(engine.availability().calendar(VENUE, READ_MODEL_DAY, READ_MODEL_DAY));
              assertEquals(1, days.size());
              assertEquals(7, days.get(0).booked());
              return days.get(0);
            },
            "the calendar to show the day's bookings");
    // available counts seats over open slots only: 93 + 100, the closed slot adds none
    assertEquals(new CalendarDay(READ_MODEL_DAY, 3, 3L * CAPACITY, 7, 193), day);
  }

  @Test
  void theCatalogLearnsACapacityFromTheSlotSoASchedulePostedAgainConverges() throws Exception {
    String changed = slot(BURST_DAY, 9, 20);
    assertTrue(
        ((SlotReply.Current) get(engine.changeSlot(changed, Optional.of(150), Optional.empty())))
            .changed());
    assertTrue(
        ((SlotReply.Current) get(engine.changeSlot(changed, Optional.of(140), Optional.empty())))
            .changed());

    Polling.untilPasses(
        READ_MODEL_BOUND,
        Duration.ofMillis(100),
        () -> {
          assertEquals(
              140, rows("SELECT capacity FROM slot_catalog WHERE 'Slot|' || slot_id = ?", changed));
          return null;
        },
        "the catalog to learn capacity 140");
    ScheduleRequest same =
        new ScheduleRequest(
            BURST_DAY, BURST_DAY, LocalTime.of(9, 0), LocalTime.of(9, 30), 10, CAPACITY, null);
    ScheduleResult.Conflict conflict =
        assertInstanceOf(ScheduleResult.Conflict.class, get(engine.applySchedule(VENUE, same)));
    assertEquals(
        List.of(changed), conflict.conflictingSlotIds(), "compared with what the slot has now");
  }
}
