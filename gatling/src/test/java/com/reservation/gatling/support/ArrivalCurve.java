package com.reservation.gatling.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A burst's arrival curve as {@code reservation-engine export-arrivals} writes it (CSV: {@code
 * offset_seconds,second, slot,slot_id,slot_start,capacity,attempts,confirmed,rejected,refused}),
 * turned into what a replay needs: how many slots of which capacity, and for each recorded second
 * the slots of its arrivals in the order they are sent.
 *
 * <p>{@code scale} multiplies the arrivals (fractions carried from second to second, so the total
 * is the scaled total rounded); {@code speed} shortens the time: a recorded second lasts {@code
 * 1/speed} seconds.
 */
public record ArrivalCurve(List<Integer> capacities, List<List<Integer>> arrivalsPerSecond) {
  public static final String HEADER =
      "offset_seconds,second,slot,slot_id,slot_start,capacity,attempts,confirmed,rejected,refused";

  public static ArrivalCurve read(Path csv, double scale, int defaultCapacity) {
    try {
      return parse(Files.readAllLines(csv), scale, defaultCapacity);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the arrival curve " + csv, e);
    }
  }

  public static ArrivalCurve parse(List<String> lines, double scale, int defaultCapacity) {
    if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
      throw new IllegalArgumentException(
          "not an export-arrivals CSV: its first line must be " + HEADER);
    }
    if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive");
    TreeMap<Integer, Map<Integer, Long>> perSecond = new TreeMap<>();
    Map<Integer, Integer> capacities = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] f = line.split(",", -1);
      if (f.length != 10) throw new IllegalArgumentException("a row needs 10 columns: " + line);
      int second = Integer.parseInt(f[0]);
      int slot = Integer.parseInt(f[2]);
      capacities.putIfAbsent(slot, f[5].isEmpty() ? defaultCapacity : Integer.parseInt(f[5]));
      perSecond
          .computeIfAbsent(second, s -> new TreeMap<>())
          .merge(slot, Long.parseLong(f[6]), Long::sum);
    }
    int slots =
        capacities.isEmpty()
            ? 0
            : capacities.keySet().stream().max(Integer::compare).orElseThrow() + 1;
    List<Integer> capacityList = new ArrayList<>();
    for (int i = 0; i < slots; i++) capacityList.add(capacities.getOrDefault(i, defaultCapacity));
    List<List<Integer>> arrivals = new ArrayList<>();
    int last = perSecond.isEmpty() ? -1 : perSecond.lastKey();
    Map<Integer, Double> carried = new TreeMap<>();
    for (int second = 0; second <= last; second++) {
      Map<Integer, Long> counts = perSecond.getOrDefault(second, Map.of());
      // Each slot's scaled count; then its arrivals are interleaved, as they came mixed within the
      // second.
      Map<Integer, Integer> scaled = new TreeMap<>();
      for (Map.Entry<Integer, Long> e : counts.entrySet()) {
        double exact = e.getValue() * scale + carried.getOrDefault(e.getKey(), 0.0);
        int whole = (int) Math.floor(exact + 1e-9);
        carried.put(e.getKey(), exact - whole);
        scaled.put(e.getKey(), whole);
      }
      List<Integer> order = new ArrayList<>();
      boolean more = true;
      for (int round = 0; more; round++) {
        more = false;
        for (Map.Entry<Integer, Integer> e : scaled.entrySet()) {
          if (round < e.getValue()) {
            order.add(e.getKey());
            more = true;
          }
        }
      }
      arrivals.add(List.copyOf(order));
    }
    return new ArrivalCurve(List.copyOf(capacityList), List.copyOf(arrivals));
  }

  public int slots() {
    return capacities.size();
  }

  public int totalArrivals() {
    return arrivalsPerSecond.stream().mapToInt(List::size).sum();
  }

  /**
   * One injection step of a replay: {@code users} spread over {@code duration} (or a pause when
   * there are none).
   */
  public record Step(int users, Duration duration) {}

  /**
   * The replay at {@code speed} as injection steps of whole seconds: Gatling truncates sub-second
   * injection durations, so recorded seconds are taken together in windows whose replay time is a
   * whole number of seconds (at speed 2, two recorded seconds make one replayed second; at 1.5,
   * three make two). The curve's shape is kept at that resolution.
   */
  public List<Step> steps(double speed) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive");
    int replaySeconds = 0;
    int window = 0;
    for (int k = 1; k <= 10 && window == 0; k++) {
      double recorded = k * speed;
      if (Math.abs(recorded - Math.rint(recorded)) < 1e-9 && Math.rint(recorded) >= 1) {
        replaySeconds = k;
        window = (int) Math.rint(recorded);
      }
    }
    if (window == 0)
      throw new IllegalArgumentException("speed must be a multiple of 0.1 (e.g. 0.5, 1, 1.5, 2)");
    List<Step> steps = new ArrayList<>();
    for (int start = 0; start < arrivalsPerSecond.size(); start += window) {
      int users = 0;
      for (int i = start; i < Math.min(start + window, arrivalsPerSecond.size()); i++)
        users += arrivalsPerSecond.get(i).size();
      steps.add(new Step(users, Duration.ofSeconds(replaySeconds)));
    }
    return steps;
  }
}
