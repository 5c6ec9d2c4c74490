package com.reservation.baseline;

import com.reservation.baseline.Messages.BookOutcome;
import com.reservation.baseline.Messages.Booking;
import com.reservation.baseline.Messages.ScheduleRequest;
import com.reservation.baseline.Messages.ScheduleResult;
import com.reservation.baseline.Messages.Slot;
import com.reservation.baseline.ScheduleSlots.SlotRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The {@code redis} rival: slots, bookings and the per-customer rule in Redis, each booking one
 * {@code EVALSHA} of a Lua script ({@code baseline/book.lua}, loaded once) that checks the slot's
 * capacity, the customer's one booking per slot and, at a venue with a limit, the customer's one
 * active booking per venue, and records the booking, atomically (Redis runs a script alone). The
 * durability is the server's: {@code appendonly yes} with {@code appendfsync always} (every write
 * on disk before the answer) or {@code everysec}; {@code bench.sh} starts one server of each.
 *
 * <p>Through a Jedis pool of blocking connections, one per executor thread: Redis executes one
 * command at a time, and the connections let the front end keep that one thread busy. No calendar
 * and no timetable: the per-day aggregate would be a scan of a venue's slots on every request (the
 * benchmark omits the calendar workload for this rival and says so).
 */
final class RedisStore implements RivalStore {
  /** One generator per thread: the default one serialises every caller on a lock. */
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RedisStore::drbg);

  private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();

  /** {@code _yyyyMMdd_HHmm}: what a slot id adds to its venue's id. */
  private static final int SLOT_SUFFIX = 14;

  static final String SCRIPT = script();

  private final String name;
  private final JedisPool pool;
  private volatile String sha;

  RedisStore(String name, String host, int port, int connections) {
    this.name = name;
    JedisPoolConfig config = new JedisPoolConfig();
    config.setMaxTotal(connections);
    config.setMaxIdle(connections);
    config.setMinIdle(connections);
    config.setJmxEnabled(false);
    this.pool = new JedisPool(config, host, port, 10_000);
  }

  private static String script() {
    try (InputStream in = RedisStore.class.getResourceAsStream("/baseline/book.lua")) {
      if (in == null) throw new IllegalStateException("baseline/book.lua is missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init() {
    try (Jedis redis = pool.getResource()) {
      sha = redis.scriptLoad(SCRIPT);
    }
  }

  static String slotKey(String slotId) {
    return "s:" + slotId;
  }

  /** The venue of a well-formed slot id ({@code <venue>_yyyyMMdd_HHmm}); null otherwise. */
  static String venueOf(String slotId) {
    int cut = slotId.length() - SLOT_SUFFIX;
    return cut > 0 && slotId.charAt(cut) == '_' ? slotId.substring(0, cut) : null;
  }

  @Override
  public boolean putVenue(String venueId, String venueName, ZoneId zone, Integer maxActive) {
    try (Jedis redis = pool.getResource()) {
      String key = "v:" + venueId;
      boolean created = !redis.exists(key);
      redis.hset(key, Map.of("name", venueName, "tz", zone.getId()));
      if (maxActive != null) redis.hset(key, "limit", maxActive.toString());
      else redis.hdel(key, "limit");
      return created;
    }
  }

  @Override
  public Optional<ScheduleResult> defineSchedule(String venueId, ScheduleRequest request) {
    try (Jedis redis = pool.getResource()) {
      String tz = redis.hget("v:" + venueId, "tz");
      if (tz == null) return Optional.empty();
      List<SlotRow> slots = ScheduleSlots.expand(venueId, ZoneId.of(tz), request);
      Pipeline pipeline = redis.pipelined();
      List<Response<Long>> created = new ArrayList<>(slots.size());
      for (SlotRow slot : slots) {
        created.add(pipeline.hsetnx(slotKey(slot.id()), "cap", Integer.toString(slot.capacity())));
      }
      pipeline.sync();
      int defined = 0;
      for (int i = 0; i < slots.size(); i++) {
        if (created.get(i).get() == 0) continue;
        SlotRow slot = slots.get(i);
        defined++;
        pipeline.hset(
            slotKey(slot.id()),
            Map.of(
                "venue",
                venueId,
                "booked",
                "0",
                "open",
                "1",
                "start",
                Long.toString(slot.startZoned().toInstant().toEpochMilli()),
                "startLocal",
                slot.start().toString(),
                "endLocal",
                slot.end().toString()));
      }
      pipeline.sync();
      return Optional.of(new ScheduleResult(venueId, defined, slots.size() - defined));
    }
  }

  @Override
  public BookOutcome book(String slotId, String customerId, int seats, String contactJson) {
    String venueId = venueOf(slotId);
    if (venueId == null) return new BookOutcome.Rejected("not-found");
    long now = System.currentTimeMillis();
    String bookingId = newBookingId();
    String record =
        bookingId + "|" + seats + "|" + now + "|" + (contactJson == null ? "" : contactJson);
    List<String> keys = List.of(slotKey(slotId), "b:" + slotId, "v:" + venueId, "c:" + venueId);
    List<String> args = List.of(customerId, Integer.toString(seats), record, Long.toString(now));
    Object answer;
    try (Jedis redis = pool.getResource()) {
      try {
        answer = redis.evalsha(sha, keys, args);
      } catch (JedisNoScriptException e) {
        // The server restarted (a script cache is not persisted): load it again, once.
        sha = redis.scriptLoad(SCRIPT);
        answer = redis.evalsha(sha, keys, args);
      }
    }
    String code =
        answer instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : String.valueOf(answer);
    if (!"ok".equals(code)) return new BookOutcome.Rejected(code);
    return new BookOutcome.Confirmed(
        new Booking(
            bookingId,
            slotId,
            customerId,
            seats,
            "CONFIRMED",
            Instant.ofEpochMilli(now).toString()));
  }

  @Override
  public Optional<Slot> slot(String slotId) {
    try (Jedis redis = pool.getResource()) {
      List<String> f =
          redis.hmget(
              slotKey(slotId), "venue", "cap", "booked", "open", "start", "startLocal", "endLocal");
      if (f.get(1) == null) return Optional.empty();
      int capacity = Integer.parseInt(f.get(1));
      int booked = Integer.parseInt(f.get(2));
      long start = Long.parseLong(f.get(4));
      boolean open = "1".equals(f.get(3)) && start > System.currentTimeMillis();
      return Optional.of(
          new Slot(
              slotId,
              f.get(0),
              f.get(5),
              Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC).toInstant().toString(),
              f.get(6),
              capacity,
              booked,
              capacity - booked,
              open ? "OPEN" : "CLOSED"));
    }
  }

  @Override
  public boolean ready() {
    try (Jedis redis = pool.getResource()) {
      return "PONG".equals(redis.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private static String newBookingId() {
    byte[] bytes = new byte[16];
    RANDOM.get().nextBytes(bytes);
    return IDS.encodeToString(bytes);
  }
}
