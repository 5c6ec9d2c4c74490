package com.reservation.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.ScheduleResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The redis rival's Lua script against a real redis-server, which the test starts on a free
 * loopback port in a temporary directory (with the benchmark's {@code appendfsync always}) when the
 * binary is installed ({@code apt-get install -y redis-server}); skipped, saying so, when not.
 */
class RedisStoreTest {
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).plusDays(3);
  private static final String DAY_ID = DAY.toString().replace("-", "");

  private static Process server;
  private static Path dir;
  private static RedisStore store;

  static Optional<Path> redisServer() {
    for (String folder :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin").split(":")) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, "redis-server");
      if (Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> binary = redisServer();
    Assumptions.assumeTrue(
        binary.isPresent(),
        "SKIPPED: no redis-server installed (apt-get install -y redis-server); the Lua script is"
            + " not tested");
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    dir = Files.createTempDirectory("redis-rival-test");
    server =
        new ProcessBuilder(
                binary.get().toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !server.isAlive())
          throw new IllegalStateException(
              "redis-server did not start: " + dir.resolve("redis.log"));
        Thread.sleep(50);
      }
    }
    store = new RedisStore("redis-always", "127.0.0.1", port, 8);
    store.init();
    assertTrue(store.ready());
    assertTrue(store.putVenue("v", "Venue", ZoneId.of("UTC"), null));
    assertEquals(
        new ScheduleResult("v", 12, 0), store.defineSchedule("v", schedule(DAY, 5)).orElseThrow());
    assertEquals(
        new ScheduleResult("v", 0, 12), store.defineSchedule("v", schedule(DAY, 5)).orElseThrow());
    assertTrue(store.putVenue("lim", "Limited", ZoneId.of("UTC"), null));
    store.defineSchedule("lim", schedule(DAY, 5)).orElseThrow();
    assertEquals(false, store.putVenue("lim", "Limited", ZoneId.of("UTC"), 1));
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) store.close();
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static ScheduleRequest schedule(LocalDate day, int capacity) {
    return new ScheduleRequest(
        day.toString(), day.plusDays(1).toString(), "09:00", "10:00", 10, capacity, null);
  }

  @Test
  void concurrentBookingsNeverOversell() throws Exception {
    String slot = "v_" + DAY_ID + "_0900";
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<BookOutcome>> attempts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String customer = "c" + i;
        attempts.add(() -> store.book(slot, customer, 1, "{\"name\":\"C\"}"));
      }
      int confirmed = 0;
      int full = 0;
      for (Future<BookOutcome> outcome : threads.invokeAll(attempts)) {
        if (outcome.get() instanceof BookOutcome.Confirmed) confirmed++;
        else if (outcome.get().equals(new BookOutcome.Rejected("slot-full"))) full++;
      }
      assertEquals(5, confirmed);
      assertEquals(35, full);
      assertEquals(5, store.slot(slot).orElseThrow().booked());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void oneBookingPerCustomerPerSlot() throws Exception {
    String slot = "v_" + DAY_ID + "_0910";
    assertInstanceOf(BookOutcome.Confirmed.class, store.book(slot, "alice", 1, null));
    assertEquals(new BookOutcome.Rejected("already-booked"), store.book(slot, "alice", 1, null));
    assertEquals(1, store.slot(slot).orElseThrow().booked());
  }

  @Test
  void oneActiveBookingPerCustomerAtALimitedVenueEvenAtOnce() throws Exception {
    List<String> times = List.of("0900", "0910", "0920", "0930", "0940", "0950");
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Callable<BookOutcome>> attempts = new ArrayList<>();
      for (String time : times)
        attempts.add(() -> store.book("lim_" + DAY_ID + "_" + time, "zed", 1, null));
      int confirmed = 0;
      int limited = 0;
      for (Future<BookOutcome> outcome : threads.invokeAll(attempts)) {
        if (outcome.get() instanceof BookOutcome.Confirmed) confirmed++;
        else if (outcome.get().equals(new BookOutcome.Rejected("customer-limit-reached")))
          limited++;
      }
      assertEquals(1, confirmed);
      assertEquals(5, limited);
      int seats = 0;
      for (String time : times)
        seats += store.slot("lim_" + DAY_ID + "_" + time).orElseThrow().booked();
      assertEquals(1, seats);
    } finally {
      threads.shutdownNow();
    }
    assertInstanceOf(
        BookOutcome.Confirmed.class, store.book("lim_" + DAY_ID + "_0900", "amy", 1, null));
    assertInstanceOf(
        BookOutcome.Confirmed.class, store.book("v_" + DAY_ID + "_0940", "zed", 1, null));
    assertInstanceOf(
        BookOutcome.Confirmed.class, store.book("v_" + DAY_ID + "_0950", "zed", 1, null));
  }

  @Test
  void rejectionsSayWhy() throws Exception {
    assertEquals(
        new BookOutcome.Rejected("not-found"), store.book("v_20990101_0900", "carol", 1, null));
    assertEquals(new BookOutcome.Rejected("not-found"), store.book("nonsense", "carol", 1, null));
    LocalDate past = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    store.defineSchedule("v", schedule(past, 5));
    assertEquals(
        new BookOutcome.Rejected("slot-closed"),
        store.book("v_" + past.toString().replace("-", "") + "_0900", "carol", 1, null));
    assertEquals(
        new BookOutcome.Rejected("slot-full"),
        store.book("v_" + DAY_ID + "_0930", "carol", 6, null));
    assertTrue(store.defineSchedule("nope", schedule(DAY, 5)).isEmpty());
  }
}
