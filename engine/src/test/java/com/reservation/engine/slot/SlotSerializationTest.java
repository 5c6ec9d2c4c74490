package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.slot.api.SlotView;
import com.reservation.engine.slot.rules.Booking;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.slot.storage.SlotSnapshotSerializer;
import com.reservation.engine.testing.TestConfigs;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message that may leave a node or reach the journal round-trips through the serializer that
 * reference.conf binds (Jackson CBOR, never Java serialization): public commands and their replies,
 * events, and the snapshot form.
 */
class SlotSerializationTest {
  private static final String JACKSON_CBOR = "akka.serialization.jackson.JacksonCborSerializer";
  private static final Instant BOOKED_AT = Instant.parse("2026-11-30T12:00:00.123456Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final SlotDefinition DEFINITION =
      new SlotDefinition(
          "pwtc_20261201_0920",
          "pwtc",
          START,
          START.plusMinutes(10),
          Instant.parse("2026-12-01T01:20:00Z"),
          100);
  private static final Map<String, String> CONTACT =
      Map.of("name", "Fadhil", "phone", "0123456789");

  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("SlotSerializationTest", TestConfigs.base());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static Stream<Object> commands() {
    ActorRef<SlotReply> slotReplies = testKit.<SlotReply>createTestProbe().ref();
    ActorRef<BookingReply> bookingReplies = testKit.<BookingReply>createTestProbe().ref();
    return Stream.of(
        new SlotCommand.DefineSlot(DEFINITION, slotReplies),
        new SlotCommand.ChangeSlot(120, null, slotReplies),
        new SlotCommand.ChangeSlot(null, SlotStatus.CLOSED, slotReplies),
        new SlotCommand.ChangeSlot(80, SlotStatus.OPEN, slotReplies),
        new SlotCommand.GetSlot(slotReplies),
        new SlotCommand.Book("900127015527", 2, "key-1", CONTACT, null, bookingReplies, null, null),
        new SlotCommand.Book("900127015527", 1, null, null, null, bookingReplies, null, null),
        new SlotCommand.Book(
            "c2", 3, "key-2", Map.of(), null, bookingReplies, BOOKED_AT.plusSeconds(5), null),
        // A new contact key travels with its command to the slot, wherever it lives.
        new SlotCommand.Book(
            "c3",
            1,
            null,
            CONTACT,
            null,
            bookingReplies,
            null,
            new com.reservation.engine.privacy.keys.CustomerKeyRow("c3", -5L, new byte[32])),
        new SlotCommand.Cancel("AAECAwQFBgcICQoLDA0ODw", bookingReplies, BOOKED_AT.plusSeconds(5)),
        new SlotCommand.Cancel("AAECAwQFBgcICQoLDA0ODw", bookingReplies, null),
        new SlotCommand.GetBooking("AAECAwQFBgcICQoLDA0ODw", bookingReplies));
  }

  static Stream<Object> replies() {
    SlotView view =
        new SlotView(
            "pwtc_20261201_0920",
            "pwtc",
            START,
            DEFINITION.startInstant(),
            START.plusMinutes(10),
            100,
            40,
            60,
            SlotStatus.OPEN,
            0,
            0);
    BookingView confirmed =
        new BookingView(
            "b1", "pwtc_20261201_0920", "c1", 2, BookingStatus.CONFIRMED, BOOKED_AT, null, CONTACT);
    BookingView cancelled =
        new BookingView(
            "b2",
            "pwtc_20261201_0920",
            "c2",
            1,
            BookingStatus.CANCELLED,
            BOOKED_AT,
            BOOKED_AT.plusSeconds(60),
            Map.of());
    return Stream.of(
        new SlotReply.Current(view, true),
        new BookingReply.Booking(confirmed, true),
        new BookingReply.Booking(cancelled, false),
        new Rejected(RejectionReason.SLOT_FULL, "The slot is full."),
        new Rejected(RejectionReason.OVERLOADED, "The slot is busy; retry shortly."));
  }

  static Stream<Object> events() {
    return Stream.of(
        // what a slot writes: one event per write with every fact of the batch and the counts after
        // it
        new SlotEvent.Recorded(
            "pwtc_20261201_0920",
            List.of(
                new SlotFact.Defined(DEFINITION),
                new SlotFact.Booked("b1", "c1", 2, "key-1", CONTACT, BOOKED_AT),
                new SlotFact.Booked("b2", "c2", 1, null, Map.of(), BOOKED_AT),
                new SlotFact.Cancelled("b1", 2, BOOKED_AT.plusSeconds(5)),
                new SlotFact.CapacitySet(120),
                new SlotFact.ClosedSet(true),
                new SlotFact.ClosedSet(false)),
            new SlotCounts(120, 1, false)),
        // the first storage format, still read
        new SlotEvent.SlotDefined(DEFINITION),
        new SlotEvent.CapacityChanged("pwtc_20261201_0920", 120),
        new SlotEvent.SlotClosed("pwtc_20261201_0920"),
        new SlotEvent.SlotOpened("pwtc_20261201_0920"),
        new SlotEvent.SeatsBooked("pwtc_20261201_0920", "b1", "c1", 2, "key-1", CONTACT, BOOKED_AT),
        new SlotEvent.SeatsBooked("pwtc_20261201_0920", "b2", "c2", 1, null, Map.of(), BOOKED_AT),
        new SlotEvent.BookingCancelled("pwtc_20261201_0920", "b1", 2, BOOKED_AT.plusSeconds(5)));
  }

  static Stream<Object> snapshots() {
    Booking confirmed = new Booking("b1", "c1", 2, "key-1", CONTACT, BOOKED_AT, null);
    Booking cancelled =
        new Booking("b2", "c2", 1, null, Map.of(), BOOKED_AT, BOOKED_AT.plusSeconds(9));
    SlotState state =
        SlotState.EMPTY
            .apply(new SlotEvent.SlotDefined(DEFINITION).facts())
            .apply(
                new SlotEvent.SeatsBooked(
                        DEFINITION.slotId(), "b3", "c3", 4, "key-3", CONTACT, BOOKED_AT)
                    .facts())
            .apply(new SlotEvent.SlotClosed(DEFINITION.slotId()).facts());
    return Stream.of(
        new SlotSnapshot(DEFINITION, 100, false, List.of(), List.of(), List.of(), 0, false),
        new SlotSnapshot(
            DEFINITION, 80, true, List.of(confirmed, cancelled), List.of(), List.of(), 0, false),
        SlotSnapshot.of(state));
  }

  @ParameterizedTest
  @MethodSource({"commands", "replies", "events", "snapshots"})
  void roundTripsThroughItsSerializer(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals(
        message instanceof SlotSnapshot ? SlotSnapshotSerializer.class.getName() : JACKSON_CBOR,
        serializer.getClass().getName(),
        "serializer bound to " + message.getClass());

    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();

    assertNotSame(message, back);
    assertEquals(message, back);
  }

  @Test
  void aDeserializedReplyToStillReachesTheCaller() {
    TestProbe<BookingReply> caller = testKit.createTestProbe();
    SlotCommand.Book command =
        new SlotCommand.Book("c1", 1, "k1", Map.of(), null, caller.ref(), null, null);
    Serializer serializer = serialization.findSerializerFor(command);
    byte[] bytes = serialization.serialize(command).get();
    SlotCommand.Book back =
        (SlotCommand.Book)
            serialization
                .deserialize(
                    bytes, serializer.identifier(), Serializers.manifestFor(serializer, command))
                .get();

    Rejected answer = new Rejected(RejectionReason.SLOT_CLOSED, "closed");
    back.replyTo().tell(answer);

    caller.expectMessage(answer);
  }

  @ParameterizedTest
  @MethodSource("snapshots")
  void aSnapshotRestoresTheStateItWasTakenFrom(SlotSnapshot snapshot) {
    SlotState state = snapshot.toState();
    SlotSnapshot again = SlotSnapshot.of(state);
    // A snapshot's bookings are a set in list form: their order carries no meaning (and is not
    // kept).
    assertEquals(snapshot.definition(), again.definition());
    assertEquals(snapshot.capacity(), again.capacity());
    assertEquals(snapshot.adminClosed(), again.adminClosed());
    assertEquals(java.util.Set.copyOf(snapshot.bookings()), java.util.Set.copyOf(again.bookings()));
    assertEquals(snapshot.bookings().size(), again.bookings().size());
    assertEquals(state, again.toState());
  }

  /** The keys an event brings for the journal are never part of the stored event. */
  @Test
  void anEventsNewKeysAreNeverSerialized() {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 0x5A);
    SlotEvent.Recorded recorded =
        new SlotEvent.Recorded(
            "s-1",
            List.of(new SlotFact.CapacitySet(3)),
            new SlotCounts(3, 0, false),
            List.of(new com.reservation.engine.privacy.keys.CustomerKeyRow("c1", 9, key)));
    Serializer serializer = serialization.findSerializerFor(recorded);
    byte[] bytes = serialization.serialize(recorded).get();
    Object back =
        serialization
            .deserialize(
                bytes, serializer.identifier(), Serializers.manifestFor(serializer, recorded))
            .get();
    assertEquals(
        new SlotEvent.Recorded(recorded.slotId(), recorded.facts(), recorded.counts()), back);
    assertEquals(List.of(), ((SlotEvent.Recorded) back).customerKeys());
    assertEquals(
        -1,
        java.util.Collections.indexOfSubList(toList(bytes), toList(key)),
        "the key's bytes are not in the stored event");
  }

  private static List<Byte> toList(byte[] bytes) {
    List<Byte> list = new java.util.ArrayList<>(bytes.length);
    for (byte b : bytes) list.add(b);
    return list;
  }

  /**
   * Snapshots stored as Jackson CBOR (before the compact form) still read, and the compact form is
   * much smaller for a slot full of bookings with contact data.
   */
  @Test
  void aSnapshotStoredByJacksonUnderTheClassesFormerNameStillReads() {
    // Jackson's manifest is the class name: snapshots stored before SlotSnapshot moved to
    // slot.storage name com.reservation.engine.slot.storage.SlotSnapshot.
    SlotSnapshot snapshot =
        new SlotSnapshot(
            DEFINITION,
            80,
            true,
            List.of(new Booking("b1", "c1", 2, "key-1", CONTACT, BOOKED_AT, null, null, null)),
            List.of(),
            List.of(),
            0,
            false);
    Serializer jackson = serialization.serializerByIdentity().apply(33);
    Object back =
        serialization
            .deserialize(
                jackson.toBinary(snapshot),
                jackson.identifier(),
                "com.reservation.engine.slot.SlotSnapshot")
            .get();
    assertEquals(snapshot, back);
  }

  @Test
  void snapshotsStoredAsJacksonStillReadAndTheCompactFormIsSmaller() {
    List<Booking> bookings = new java.util.ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      bookings.add(
          new Booking(
              "AAECAwQFBgcICQoLDA" + i,
              "9001" + (10_000_000 + i),
              1 + i % 4,
              i % 3 == 0 ? null : "key-" + i,
              i % 5 == 0 ? Map.of() : Map.of("~sealed", "v2:00000000000000a1:" + "Q".repeat(90)),
              BOOKED_AT.plusMillis(i),
              i % 7 == 0 ? BOOKED_AT.plusSeconds(i) : null,
              i % 11 == 0 ? "h" + i : null,
              i % 13 == 0 ? "g" + i : null));
    }
    SlotSnapshot snapshot =
        new SlotSnapshot(DEFINITION, 5_000, false, bookings, List.of(), List.of(), 0, false);
    Serializer jackson = serialization.serializerByIdentity().apply(33);
    byte[] asJackson = jackson.toBinary(snapshot);
    SlotSnapshot fromJackson =
        (SlotSnapshot)
            serialization
                .deserialize(
                    asJackson, jackson.identifier(), Serializers.manifestFor(jackson, snapshot))
                .get();
    assertEquals(snapshot.toState(), fromJackson.toState());

    byte[] compact = serialization.serialize(snapshot).get();
    Serializer ours = serialization.findSerializerFor(snapshot);
    SlotSnapshot back =
        (SlotSnapshot)
            serialization
                .deserialize(compact, ours.identifier(), Serializers.manifestFor(ours, snapshot))
                .get();
    assertEquals(snapshot, back);
    org.junit.jupiter.api.Assertions.assertTrue(
        compact.length < asJackson.length * 0.8,
        () -> "compact " + compact.length + " bytes, Jackson " + asJackson.length);
  }
}
