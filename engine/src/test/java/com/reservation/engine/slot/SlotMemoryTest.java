package com.reservation.engine.slot;

import static org.junit.jupiter.api.Assertions.*;

import com.reservation.engine.privacy.ContactCipher;
import com.reservation.engine.slot.api.SlotDefinition;
import com.reservation.engine.slot.rules.Booking;
import com.reservation.engine.slot.rules.SlotFact;
import com.reservation.engine.slot.rules.SlotState;
import com.reservation.engine.slot.storage.SlotSnapshot;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a slot's state costs on the heap, as a documented measurement (printed, stated in
 * docs/perf.md), and the bound that matters: ten full 100,000-seat slots fit the node's default
 * heap (768 MB: the Kubernetes deployment's 1 GiB limit at {@code MaxRAMPercentage=75}, and
 * docker-compose's {@code -Xmx768m}), checked in a child JVM of that heap.
 */
class SlotMemoryTest {
  static final byte[] KEY = ContactCipher.newKey();
  private static final BookingIds IDS = new BookingIds();

  /**
   * One-seat bookings as the HTTP API makes them: fresh strings and instants per booking, as
   * decoded from requests.
   */
  static SlotState full(
      String slotId, int bookings, boolean keys, boolean contact, int cancelEvery) {
    LocalDateTime start = LocalDateTime.of(2030, 1, 1, 9, 0);
    SlotState state =
        SlotState.EMPTY.apply(
            new SlotFact.Defined(
                new SlotDefinition(
                    slotId,
                    "memory",
                    start,
                    start.plusHours(1),
                    start.toInstant(ZoneOffset.UTC),
                    bookings)));
    Instant at = Instant.parse("2029-12-01T10:00:00Z");
    for (int i = 0; i < bookings; i++) {
      String customerId =
          new String(
              ("9001" + (10_000_000 + i)).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      Map<String, String> sealed =
          contact
              ? ContactCipher.seal(
                  customerId,
                  Map.of("name", "Customer Name " + i, "phone", "6012" + (1_000_000 + i)),
                  i,
                  KEY)
              : Map.of();
      String bookingId = IDS.get();
      Instant bookedAt = Instant.ofEpochMilli(at.toEpochMilli() + i);
      state =
          state.apply(
              new SlotFact.Booked(
                  bookingId,
                  customerId,
                  1,
                  keys ? java.util.UUID.randomUUID().toString() : null,
                  sealed,
                  bookedAt));
      if (cancelEvery > 0 && i % cancelEvery == 0) {
        state =
            state.apply(
                new SlotFact.Cancelled(
                    bookingId, 1, Instant.ofEpochMilli(bookedAt.toEpochMilli() + 1)));
      }
    }
    return state;
  }

  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Runtime runtime = Runtime.getRuntime();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  @Test
  void heapPerTenThousandBookings() {
    int n = 100_000;
    record Variant(String name, boolean keys, boolean contact, int cancelEvery) {}
    List<String> lines = new ArrayList<>();
    for (Variant v :
        List.of(
            new Variant("no Idempotency-Key, no contact", false, false, 0),
            new Variant("Idempotency-Key, no contact", true, false, 0),
            new Variant("Idempotency-Key and sealed contact", true, true, 0),
            new Variant(
                "Idempotency-Key and sealed contact, every 2nd cancelled", true, true, 2))) {
      long before = usedAfterGc();
      SlotState state = full("memory_20300101_0900", n, v.keys(), v.contact(), v.cancelEvery());
      long after = usedAfterGc();
      assertEquals(n, state.bookings().size());
      long perBooking = (after - before) / n;
      lines.add(
          String.format(
              "SlotMemory: %-58s %4d bytes per booking, %5.1f MB per 10,000",
              v.name(), perBooking, perBooking * 10_000 / 1e6));
      assertTrue(perBooking > 0);
    }
    lines.forEach(System.out::println);
  }

  @Test
  void whatEndsKeepsNoContactButStillAnswersRetries() {
    SlotState state = full("memory_20300101_0900", 3, true, true, 0);
    Booking first = state.bookings().asJava().values().iterator().next();
    assertTrue(ContactCipher.isSealed(first.contact()));
    SlotState after =
        state.apply(new SlotFact.Cancelled(first.bookingId(), 1, first.bookedAt().plusSeconds(1)));
    Booking cancelled = after.booking(first.bookingId()).orElseThrow();
    assertFalse(cancelled.isConfirmed());
    assertEquals(Map.of(), cancelled.contact(), "a cancelled booking keeps no contact");
    assertEquals(
        cancelled,
        after.bookingForKey(first.idempotencyKey()).orElseThrow(),
        "a retried key still finds it");
    assertEquals(
        Map.of(),
        SlotSnapshot.of(after).toState().booking(first.bookingId()).orElseThrow().contact());
  }

  @Test
  void tenFullSlotsFitTheDefaultHeap(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File out = temp.resolve("ten-slots.out").toFile();
    Process child =
        new ProcessBuilder(
                javaBin,
                "-Xmx768m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                TenSlots.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(out)
            .start();
    try {
      assertTrue(child.waitFor(5, TimeUnit.MINUTES), "ten slots built within 5 minutes");
    } finally {
      child.destroyForcibly();
    }
    String printed = java.nio.file.Files.readString(out.toPath());
    System.out.print(printed);
    assertEquals(0, child.exitValue(), printed);
    assertTrue(printed.contains("SlotMemory: ten slots"), printed);
  }

  /**
   * Ten full 100,000-seat slots (one-seat bookings with Idempotency-Key and sealed contact, the
   * costliest kind), held at once, while one of them is turned into its snapshot form (what a
   * snapshot write holds besides the state).
   */
  public static final class TenSlots {
    public static void main(String[] args) {
      List<SlotState> slots = new ArrayList<>();
      for (int s = 0; s < 10; s++)
        slots.add(full("memory_20300101_" + (1000 + s), 100_000, true, true, 0));
      SlotSnapshot snapshot = SlotSnapshot.of(slots.get(0));
      long used = usedAfterGc();
      long max = Runtime.getRuntime().maxMemory();
      System.out.printf(
          "SlotMemory: ten slots, %d bookings, snapshot of %d: %d MB used after GC of %d MB max (%s)%n",
          slots.stream().mapToInt(x -> x.bookings().size()).sum(),
          snapshot.bookings().size(),
          used >> 20,
          max >> 20,
          ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
  }
}
