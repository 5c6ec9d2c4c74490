package com.reservation.engine.slot.storage;

import akka.actor.ExtendedActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.SerializerWithStringManifest;
import com.reservation.engine.slot.rules.Booking;
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
 * <p>Everything but the bookings (definition, holds, waitlist: small, and richer in shape) is
 * written by the Jackson CBOR serializer as a snapshot without bookings, inside this one. Snapshots
 * stored by Jackson before this serializer existed carry Jackson's serializer id and still read
 * through it.
 */
public final class SlotSnapshotSerializer extends SerializerWithStringManifest {
  /** Ours: Akka reserves 0-40. */
  static final int IDENTIFIER = 7_301;

  private static final String MANIFEST_V1 = "S1";
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
    return MANIFEST_V1;
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
                    snapshot.holds(),
                    snapshot.waitlist(),
                    snapshot.nextEntrySeq(),
                    snapshot.waitlistFirstFit()));
    Out out = new Out(rest.length + 64 + snapshot.bookings().size() * 160);
    out.bytes(rest);
    out.varLong(snapshot.bookings().size());
    for (Booking b : snapshot.bookings()) {
      out.string(b.bookingId());
      out.string(b.customerId());
      out.varLong(b.seats());
      out.string(b.idempotencyKey());
      out.varLong(b.contact().size());
      for (Map.Entry<String, String> field : b.contact().entrySet()) {
        out.string(field.getKey());
        out.string(field.getValue());
      }
      out.instant(b.bookedAt());
      out.instant(b.cancelledAt());
      out.string(b.holdId());
      out.string(b.grantId());
    }
    return out.result();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!MANIFEST_V1.equals(manifest))
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
      int fields = (int) in.varLong();
      Map<String, String> contact;
      if (fields == 0) {
        contact = Map.of();
      } else {
        Map<String, String> read = new HashMap<>(fields * 2);
        for (int f = 0; f < fields; f++) read.put(in.string(), in.string());
        contact = read;
      }
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
    return new SlotSnapshot(
        rest.definition(),
        rest.capacity(),
        rest.adminClosed(),
        Arrays.asList(bookings),
        rest.holds(),
        rest.waitlist(),
        rest.nextEntrySeq(),
        rest.waitlistFirstFit());
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
