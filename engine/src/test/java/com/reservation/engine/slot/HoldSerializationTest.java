package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.reservation.engine.customer.AllowanceBook;
import com.reservation.engine.customer.AllowanceCommand;
import com.reservation.engine.customer.AllowanceEvent;
import com.reservation.engine.customer.AllowanceReply;
import com.reservation.engine.customer.AllowanceState;
import com.reservation.engine.customer.BucketEvent;
import com.reservation.engine.slot.api.BookingReply;
import com.reservation.engine.slot.api.BookingStatus;
import com.reservation.engine.slot.api.BookingView;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.EntryView;
import com.reservation.engine.slot.api.GrantReply;
import com.reservation.engine.slot.api.HoldReply;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.api.HoldView;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.slot.api.SlotCommand;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.WaitlistReply;
import com.reservation.engine.slot.rules.Booking;
import com.reservation.engine.slot.rules.SlotCounts;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import com.reservation.engine.slot.storage.SlotSnapshotSerializer;
import com.reservation.engine.testing.TestConfigs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds, waitlists and allowances on the wire and in the journal: every new command, reply, fact,
 * event and snapshot round-trips through Jackson CBOR, and what earlier versions stored (counts,
 * bookings and snapshots without the new fields) still reads, with the new fields empty.
 */
class HoldSerializationTest {
  private static final Instant AT = Instant.parse("2026-11-30T12:00:00.123456Z");
  private static final LocalDateTime START = LocalDateTime.parse("2026-12-01T09:20");
  private static final SlotDefinition DEFINITION =
      new SlotDefinition(
          "pwtc_20261201_0920",
          "pwtc",
          START,
          START.plusMinutes(10),
          Instant.parse("2026-12-01T01:20:00Z"),
          100);
  private static final Map<String, String> CONTACT = Map.of("name", "Fadhil");

  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("HoldSerializationTest", TestConfigs.base());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static Stream<Object> messages() {
    var holds = testKit.<HoldReply>createTestProbe().ref();
    var bookings = testKit.<BookingReply>createTestProbe().ref();
    var entries = testKit.<WaitlistReply>createTestProbe().ref();
    var grants = testKit.<GrantReply>createTestProbe().ref();
    var slots = testKit.<SlotReply>createTestProbe().ref();
    var allowances = testKit.<AllowanceReply>createTestProbe().ref();
    HoldView hold =
        new HoldView(
            "h1",
            DEFINITION.slotId(),
            "c1",
            2,
            HoldStatus.HELD,
            AT,
            AT.plusSeconds(300),
            null,
            null,
            CONTACT);
    EntryView entry =
        new EntryView(
            "e1",
            DEFINITION.slotId(),
            "c2",
            1,
            EntryStatus.OFFERED,
            null,
            "h2",
            AT.plusSeconds(300),
            null,
            AT,
            Map.of());
    SlotState state =
        SlotState.EMPTY
            .apply(new SlotFact.Defined(DEFINITION))
            .apply(new SlotFact.Held("h1", "c1", 99, "k1", CONTACT, AT, AT.plusSeconds(60), "g1"))
            .apply(new SlotFact.Joined("e1", "c2", 2, CONTACT, AT, null, true))
            .apply(new SlotFact.Joined("e2", "c3", 1, Map.of(), AT, "g3", true));
    return Stream.of(
        new SlotCommand.PlaceHold(
            "c1", 2, Duration.ofSeconds(120), "k1", CONTACT, "g1", holds, AT, null),
        new SlotCommand.ConfirmHold("h1", bookings, AT),
        new SlotCommand.ReleaseHold("h1", holds, AT),
        new SlotCommand.GetHold("h1", holds),
        new SlotCommand.JoinWaitlist("c2", 1, CONTACT, true, null, entries, AT, null),
        new SlotCommand.LeaveWaitlist("e1", entries, AT),
        new SlotCommand.GetEntry("e1", entries),
        new SlotCommand.CheckGrant("c1", "g1", grants),
        new SlotCommand.ExpireDue(slots),
        new SlotCommand.Book("c1", 1, "k", CONTACT, "g1", bookings, AT, null),
        new HoldReply.Current(hold, true),
        new WaitlistReply.Current(entry, false),
        new GrantReply.Status(true),
        new Rejected(RejectionReason.HOLD_EXPIRED, "expired"),
        new BookingReply.Booking(
            new BookingView(
                "b1",
                DEFINITION.slotId(),
                "c1",
                2,
                BookingStatus.CONFIRMED,
                AT,
                null,
                CONTACT,
                "h1"),
            true),
        new SlotReply.Current(state.view(AT), false),
        new SlotEvent.Recorded(
            DEFINITION.slotId(),
            List.of(
                new SlotFact.Held("h1", "c1", 2, null, CONTACT, AT, AT.plusSeconds(60), null),
                new SlotFact.HoldConfirmed("h1", "b1", AT, "c1", 2),
                new SlotFact.HoldReleased("h2", AT, 1),
                new SlotFact.HoldExpired("h3", AT, 3),
                new SlotFact.Joined("e1", "c2", 1, CONTACT, AT, "g2", false),
                new SlotFact.Offered("e1", "h4", AT, AT.plusSeconds(300), 2),
                new SlotFact.Left("e2", AT),
                new SlotFact.Booked("b2", "c5", 1, null, Map.of(), AT, "g5")),
            new SlotCounts(100, 3, false, 2, 1, AT.plusSeconds(60))),
        SlotSnapshot.of(state),
        new AllowanceCommand.Reserve(
            "c1", "g1", DEFINITION.slotId(), DEFINITION.startInstant(), AT, 2, allowances),
        new AllowanceCommand.Release("c1", "g1"),
        new AllowanceCommand.Refused("c1", "g1"),
        new BucketEvent.Granted("c1", "g1", DEFINITION.slotId(), DEFINITION.startInstant(), AT),
        new BucketEvent.Released("c1", List.of("g1")),
        new BucketEvent.Imported(
            Map.of(
                "c2",
                new AllowanceState(
                    Map.of(
                        "g2",
                        new AllowanceState.Grant(
                            DEFINITION.slotId(), DEFINITION.startInstant(), AT))))),
        new AllowanceBook.Stored(
            Map.of(
                "c3",
                new AllowanceState(
                    Map.of(
                        "g3",
                        new AllowanceState.Grant(
                            DEFINITION.slotId(), DEFINITION.startInstant(), AT))))),
        new AllowanceReply.Granted("g1"),
        new AllowanceReply.LimitReached(2),
        new AllowanceEvent.Granted("g1", DEFINITION.slotId(), DEFINITION.startInstant(), AT),
        new AllowanceEvent.Released(List.of("g1", "g2")),
        new AllowanceState(
            Map.of(
                "g1",
                new AllowanceState.Grant(DEFINITION.slotId(), DEFINITION.startInstant(), AT))));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughJacksonCbor(Object message) {
    Object back = roundTrip(message);
    assertNotSame(message, back);
    if (message instanceof SlotSnapshot snapshot) {
      assertEquals(snapshot.toState(), ((SlotSnapshot) back).toState());
    } else {
      assertEquals(message, back);
    }
  }

  private static Object roundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals(
        message instanceof SlotSnapshot
            ? SlotSnapshotSerializer.class.getName()
            : "akka.serialization.jackson.JacksonCborSerializer",
        serializer.getClass().getName());
    byte[] bytes = serialization.serialize(message).get();
    return serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message))
        .get();
  }

  /**
   * Serializes {@code message}, removes {@code fields} from its object at {@code at} (a JSON
   * pointer, "" for the top), and reads it back.
   */
  private static Object withoutFields(Object message, String at, String... fields)
      throws Exception {
    // As Jackson CBOR stores it (snapshots too: earlier versions stored them so).
    Serializer serializer = serialization.serializerByIdentity().apply(33);
    ObjectMapper cbor =
        JacksonObjectMapperProvider.get(testKit.system())
            .getOrCreate("jackson-cbor", Optional.empty());
    ObjectNode tree = (ObjectNode) cbor.readTree(serializer.toBinary(message));
    for (String field : fields) ((ObjectNode) tree.at(at)).remove(field);
    return serialization
        .deserialize(
            cbor.writeValueAsBytes(tree),
            serializer.identifier(),
            Serializers.manifestFor(serializer, message))
        .get();
  }

  @Test
  void whatEarlierVersionsStoredStillReads() throws Exception {
    SlotEvent.Recorded event =
        new SlotEvent.Recorded(
            DEFINITION.slotId(),
            List.of(new SlotFact.CapacitySet(100)),
            new SlotCounts(100, 3, false, 2, 1, AT));
    SlotEvent.Recorded oldEvent =
        (SlotEvent.Recorded) withoutFields(event, "/counts", "held", "waiting", "nextExpiry");
    assertEquals(new SlotCounts(100, 3, false), oldEvent.counts());

    SlotSnapshot snapshot =
        SlotSnapshot.of(SlotState.EMPTY.apply(new SlotFact.Defined(DEFINITION)));
    SlotSnapshot old =
        (SlotSnapshot)
            withoutFields(snapshot, "", "holds", "waitlist", "nextEntrySeq", "waitlistFirstFit");
    assertTrue(old.holds().isEmpty() && old.waitlist().isEmpty());
    assertEquals(snapshot.toState(), old.toState());

    Booking booking =
        (Booking)
            withoutFields(
                new Booking("b1", "c1", 1, null, CONTACT, AT, null, "h1", "g1"),
                "",
                "holdId",
                "grantId");
    assertNull(booking.holdId());
    assertNull(booking.grantId());
  }

  /**
   * The compact snapshot format before holds and entries were written compactly ({@code S1}: they
   * were inside its Jackson part) still reads, and the current one ({@code S2}) holds the same.
   */
  @Test
  void aSnapshotInTheFirstCompactFormatStillReads() throws Exception {
    SlotSnapshot snapshot =
        (SlotSnapshot) messages().filter(m -> m instanceof SlotSnapshot).findFirst().orElseThrow();
    assertFalse(snapshot.holds().isEmpty() || snapshot.waitlist().isEmpty());
    Serializer jackson = serialization.serializerByIdentity().apply(33);
    byte[] rest =
        jackson.toBinary(
            new SlotSnapshot(
                snapshot.definition(),
                snapshot.capacity(),
                snapshot.adminClosed(),
                List.of(),
                snapshot.holds(),
                snapshot.waitlist(),
                snapshot.nextEntrySeq(),
                snapshot.waitlistFirstFit()));
    // S1: the Jackson part's length (one varint byte each below 128, more above), the part, then
    // the bookings (none here).
    java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
    for (long n = rest.length; ; n >>>= 7) {
      if ((n & ~0x7FL) == 0) {
        v1.write((int) n);
        break;
      }
      v1.write((int) ((n & 0x7F) | 0x80));
    }
    v1.write(rest);
    v1.write(0);
    Serializer ours = serialization.findSerializerFor(snapshot);
    SlotSnapshot old =
        (SlotSnapshot) serialization.deserialize(v1.toByteArray(), ours.identifier(), "S1").get();
    assertEquals(snapshot, old);
    assertEquals("S2", Serializers.manifestFor(ours, snapshot));
    byte[] v2 = serialization.serialize(snapshot).get();
    assertTrue(v2.length < v1.size(), () -> v2.length + " bytes, in S1 " + v1.size());
  }

  @Test
  void aBookingWithoutAllowanceStoresNoGrantField() throws Exception {
    SlotEvent.Recorded event =
        new SlotEvent.Recorded(
            DEFINITION.slotId(),
            List.of(new SlotFact.Booked("b1", "c1", 1, null, Map.of(), AT)),
            new SlotCounts(100, 1, false));
    ObjectMapper cbor =
        JacksonObjectMapperProvider.get(testKit.system())
            .getOrCreate("jackson-cbor", Optional.empty());
    var stored = cbor.readTree(serialization.serialize(event).get());
    assertFalse(
        stored.at("/facts/0").has("grantId"),
        "the hot path's facts are as small as before: " + stored);
  }
}
