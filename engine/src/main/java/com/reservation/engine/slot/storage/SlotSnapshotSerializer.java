package com.reservation.engine.slot.storage;

import akka.actor.ExtendedActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.SerializerWithStringManifest;
import com.reservation.engine.slot.api.EntryStatus;
import com.reservation.engine.slot.api.HoldStatus;
import com.reservation.engine.slot.rules.Booking;
import com.reservation.engine.slot.rules.Hold;
import com.reservation.engine.slot.rules.WaitlistEntry;
import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A slot's snapshot in a compact binary form, because a big slot recovers from it: 100,000 bookings
 * as Jackson CBOR are about 19 MB (every booking repeats its field names) and take a cold JVM over
 * a second to read. Here each booking is its fields in a fixed order, numbers as variable length
 * integers, strings as length and UTF-8, instants as seconds and nanos; reading is a loop over one
 * byte array.
 *
 * <p>Holds and waitlist entries are written the same way (format {@code S2}): a slot keeps up to
 * {@code reservation.slot.history.keep-at-most} ended ones, and as Jackson CBOR each cost about 230
 * bytes, here about 70. Everything else (definition, capacity, the waitlist's order and policy) is
 * written by the Jackson CBOR serializer as a snapshot without records, inside this one.
 *
 * <p>Format {@code S1} (written before, still read) had the holds and entries inside that Jackson
 * part. Snapshots stored by Jackson before this serializer existed carry Jackson's serializer id
 * and still read through it.
 */
public final class SlotSnapshotSerializer extends SerializerWithStringManifest {
  /** Ours: Akka reserves 0-40. */
  static final int IDENTIFIER = 7_301;

  private static final String MANIFEST_V1 = "S1";
  private static final String MANIFEST_V2 = "S2";
  private static final int JACKSON_CBOR = 33;

  private final ExtendedActorSystem system;
  private volatile Serializer jackson;

  public SlotSnapshotSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    return MANIFEST_V2;
  }

  @Override
  public byte[] toBinary(Object o) {
    if (!(o instanceof SlotSnapshot snapshot))
      throw new IllegalArgumentException("not a slot snapshot: " + o.getClass());
    byte[] rest =
        jackson()
            .toBinary(
                new SlotSnapshot(
                    snapshot.definition(),
                    snapshot.capacity(),
                    snapshot.adminClosed(),
                    List.of(),
                    List.of(),
                    List.of(),
                    snapshot.nextEntrySeq(),
                    snapshot.waitlistFirstFit()));
    int records = snapshot.bookings().size() + snapshot.holds().size() + snapshot.waitlist().size();
    Out out = new Out(rest.length + 64 + records * 160);
    out.bytes(rest);
    out.varLong(snapshot.bookings().size());
    for (Booking b : snapshot.bookings()) {
      out.string(b.bookingId());
      out.string(b.customerId());
      out.varLong(b.seats());
      out.string(b.idempotencyKey());
      out.contact(b.contact());
      out.instant(b.bookedAt());
      out.instant(b.cancelledAt());
      out.string(b.holdId());
      out.string(b.grantId());
    }
    out.varLong(snapshot.holds().size());
    for (Hold h : snapshot.holds()) {
      out.string(h.holdId());
      out.string(h.customerId());
      out.varLong(h.seats());
      out.string(h.idempotencyKey());
      out.contact(h.contact());
      out.instant(h.createdAt());
      out.instant(h.expiresAt());
      out.varLong(holdCode(h.status()));
      out.string(h.bookingId());
      out.string(h.entryId());
      out.string(h.grantId());
      out.instant(h.endedAt());
    }
    out.varLong(snapshot.waitlist().size());
    for (WaitlistEntry e : snapshot.waitlist()) {
      out.string(e.entryId());
      out.string(e.customerId());
      out.varLong(e.seats());
      out.contact(e.contact());
      out.varLong(e.seq());
      out.instant(e.joinedAt());
      out.varLong(entryCode(e.status()));
      out.string(e.holdId());
      out.string(e.bookingId());
      out.string(e.grantId());
      out.instant(e.endedAt());
    }
    return out.result();
  }

  // Stored codes of the statuses: fixed here, whatever order the enums' constants take.

  private static int holdCode(HoldStatus status) {
    return switch (status) {
      case HELD -> 0;
      case CONFIRMED -> 1;
      case RELEASED -> 2;
      case EXPIRED -> 3;
    };
  }

  private static HoldStatus holdStatus(int code) throws NotSerializableException {
    return switch (code) {
      case 0 -> HoldStatus.HELD;
      case 1 -> HoldStatus.CONFIRMED;
      case 2 -> HoldStatus.RELEASED;
      case 3 -> HoldStatus.EXPIRED;
      default -> throw new NotSerializableException("unknown hold status " + code);
    };
  }

  private static int entryCode(EntryStatus status) {
    return switch (status) {
      case WAITING -> 0;
      case OFFERED -> 1;
      case CONFIRMED -> 2;
      case EXPIRED -> 3;
      case LEFT -> 4;
    };
  }

  private static EntryStatus entryStatus(int code) throws NotSerializableException {
    return switch (code) {
      case 0 -> EntryStatus.WAITING;
      case 1 -> EntryStatus.OFFERED;
      case 2 -> EntryStatus.CONFIRMED;
      case 3 -> EntryStatus.EXPIRED;
      case 4 -> EntryStatus.LEFT;
      default -> throw new NotSerializableException("unknown entry status " + code);
    };
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    boolean v2 = MANIFEST_V2.equals(manifest);
    if (!v2 && !MANIFEST_V1.equals(manifest))
      throw new NotSerializableException("unknown slot snapshot format " + manifest);
    In in = new In(bytes);
    byte[] restBytes = in.bytes();
    SlotSnapshot rest =
        (SlotSnapshot) jackson().fromBinary(restBytes, scala.Option.apply(SlotSnapshot.class));
    int count = (int) in.varLong();
    Booking[] bookings = new Booking[count];
    for (int i = 0; i < count; i++) {
      String bookingId = in.string();
      String customerId = in.string();
      int seats = (int) in.varLong();
      String idempotencyKey = in.string();
      Map<String, String> contact = in.contact();
      Instant bookedAt = in.instant();
      Instant cancelledAt = in.instant();
      String holdId = in.string();
      String grantId = in.string();
      bookings[i] =
          new Booking(
              bookingId,
              customerId,
              seats,
              idempotencyKey,
              contact,
              bookedAt,
              cancelledAt,
              holdId,
              grantId);
    }
    List<Hold> holds = v2 ? readHolds(in) : rest.holds();
    List<WaitlistEntry> waitlist = v2 ? readEntries(in) : rest.waitlist();
    return new SlotSnapshot(
        rest.definition(),
        rest.capacity(),
        rest.adminClosed(),
        Arrays.asList(bookings),
        holds,
        waitlist,
        rest.nextEntrySeq(),
        rest.waitlistFirstFit());
  }

  private static List<Hold> readHolds(In in) throws NotSerializableException {
    int count = (int) in.varLong();
    Hold[] holds = new Hold[count];
    for (int i = 0; i < count; i++) {
      String holdId = in.string();
      String customerId = in.string();
      int seats = (int) in.varLong();
      String idempotencyKey = in.string();
      Map<String, String> contact = in.contact();
      Instant createdAt = in.instant();
      Instant expiresAt = in.instant();
      HoldStatus status = holdStatus((int) in.varLong());
      // The reads in the arguments below run left to right (Java guarantees it): the written order.
      holds[i] =
          new Hold(
              holdId,
              customerId,
              seats,
              idempotencyKey,
              contact,
              createdAt,
              expiresAt,
              status,
              in.string(),
              in.string(),
              in.string(),
              in.instant());
    }
    return Arrays.asList(holds);
  }

  private static List<WaitlistEntry> readEntries(In in) throws NotSerializableException {
    int count = (int) in.varLong();
    WaitlistEntry[] entries = new WaitlistEntry[count];
    for (int i = 0; i < count; i++) {
      String entryId = in.string();
      String customerId = in.string();
      int seats = (int) in.varLong();
      Map<String, String> contact = in.contact();
      long seq = in.varLong();
      Instant joinedAt = in.instant();
      EntryStatus status = entryStatus((int) in.varLong());
      entries[i] =
          new WaitlistEntry(
              entryId,
              customerId,
              seats,
              contact,
              seq,
              joinedAt,
              status,
              in.string(),
              in.string(),
              in.string(),
              in.instant());
    }
    return Arrays.asList(entries);
  }

  private Serializer jackson() {
    Serializer found = jackson;
    if (found == null) {
      Serialization serialization = SerializationExtension.get(system);
      found = serialization.serializerByIdentity().apply(JACKSON_CBOR);
      jackson = found;
    }
    return found;
  }

  /** Reads what {@link Out} wrote. */
  private static final class In {
    private final byte[] buffer;
    private int at;

    In(byte[] buffer) {
      this.buffer = buffer;
    }

    long varLong() {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = buffer[at++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) return value;
      }
    }

    byte[] bytes() {
      int length = (int) varLong();
      byte[] value = Arrays.copyOfRange(buffer, at, at + length);
      at += length;
      return value;
    }

    /** Null as 0, else length + 1. */
    String string() {
      int length = (int) varLong() - 1;
      if (length < 0) return null;
      String value = new String(buffer, at, length, StandardCharsets.UTF_8);
      at += length;
      return value;
    }

    /** A count of fields, then each key and value. */
    Map<String, String> contact() {
      int fields = (int) varLong();
      if (fields == 0) return Map.of();
      Map<String, String> read = new HashMap<>(fields * 2);
      for (int f = 0; f < fields; f++) read.put(string(), string());
      return read;
    }

    /** Null as 0, else 1, seconds (zigzag), nanos. */
    Instant instant() {
      if (buffer[at++] == 0) return null;
      long zigzag = varLong();
      long seconds = (zigzag >>> 1) ^ -(zigzag & 1);
      return Instant.ofEpochSecond(seconds, varLong());
    }
  }

  /** A growing buffer of variable-length numbers and length-prefixed strings. */
  private static final class Out {
    private byte[] buffer;
    private int size;

    Out(int expected) {
      buffer = new byte[Math.max(64, expected)];
    }

    private void ensure(int more) {
      if (size + more > buffer.length)
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }

    /** Unsigned LEB128: seven bits a byte, the high bit set on all but the last. */
    void varLong(long value) {
      ensure(10);
      while ((value & ~0x7FL) != 0) {
        buffer[size++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      buffer[size++] = (byte) value;
    }

    void bytes(byte[] value) {
      varLong(value.length);
      raw(value);
    }

    private void raw(byte[] value) {
      ensure(value.length);
      System.arraycopy(value, 0, buffer, size, value.length);
      size += value.length;
    }

    void string(String value) {
      if (value == null) {
        varLong(0);
        return;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      varLong(utf8.length + 1L);
      raw(utf8);
    }

    void contact(Map<String, String> contact) {
      varLong(contact.size());
      for (Map.Entry<String, String> field : contact.entrySet()) {
        string(field.getKey());
        string(field.getValue());
      }
    }

    void instant(Instant value) {
      ensure(1);
      if (value == null) {
        buffer[size++] = 0;
        return;
      }
      buffer[size++] = 1;
      long seconds = value.getEpochSecond();
      varLong((seconds << 1) ^ (seconds >> 63));
      varLong(value.getNano());
    }

    byte[] result() {
      return Arrays.copyOf(buffer, size);
    }
  }
}
