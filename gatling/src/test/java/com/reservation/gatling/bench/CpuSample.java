package com.reservation.gatling.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of the CPU seconds used so far by the benchmark's processes: the engine's JVM, the
 * rivals' JVM ({@code baseline}), PostgreSQL (the postmaster and its children), the two
 * redis-servers of the redis rivals (with the children they fork to rewrite their append-only
 * file), this load generator's JVM, and the whole machine. Two readings around a window give what
 * each used in it.
 */
public record CpuSample(
    long nanos,
    double engine,
    double baseline,
    double postgres,
    double redisAlways,
    double redisEverysec,
    double generator,
    double machine) {

  public static CpuSample take(BenchConfig config) {
    return new CpuSample(
        System.nanoTime(),
        ProcCpu.process(config.enginePid()),
        ProcCpu.process(config.baselinePid()),
        ProcCpu.withChildren(config.postgresPid()),
        // With children: an AOF rewrite runs in a child that redis-server forks.
        ProcCpu.withChildren(config.redisAlwaysPid()),
        ProcCpu.withChildren(config.redisEverysecPid()),
        ProcCpu.process(ProcessHandle.current().pid()),
        ProcCpu.machineBusy());
  }

  /**
   * CPU seconds used between {@code earlier} and this reading, by process, and the window's wall
   * seconds.
   */
  public Map<String, Object> since(CpuSample earlier) {
    Map<String, Object> used = new LinkedHashMap<>();
    used.put("seconds", round((nanos - earlier.nanos) / 1e9));
    used.put("engine", round(engine - earlier.engine));
    used.put("baseline", round(baseline - earlier.baseline));
    used.put("postgres", round(postgres - earlier.postgres));
    used.put("redis_always", round(redisAlways - earlier.redisAlways));
    used.put("redis_everysec", round(redisEverysec - earlier.redisEverysec));
    used.put("generator", round(generator - earlier.generator));
    used.put("machine", round(machine - earlier.machine));
    return used;
  }

  /**
   * CPU seconds the servers and their stores used since {@code earlier}, per wall second: how busy
   * they still are.
   */
  public double serversBusySince(CpuSample earlier) {
    double seconds = (nanos - earlier.nanos) / 1e9;
    double used = 0;
    for (double d :
        new double[] {
          engine - earlier.engine,
          baseline - earlier.baseline,
          postgres - earlier.postgres,
          redisAlways - earlier.redisAlways,
          redisEverysec - earlier.redisEverysec
        }) {
      if (!Double.isNaN(d)) used += d;
    }
    return seconds > 0 ? used / seconds : 0;
  }

  /** NaN (a process that could not be read) stays NaN, and is written as JSON null. */
  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
