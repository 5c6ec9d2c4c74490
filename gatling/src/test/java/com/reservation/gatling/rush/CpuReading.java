package com.reservation.gatling.rush;

import com.reservation.gatling.bench.ProcCpu;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds used so far (from /proc, as the benchmark reads them) by the node's JVM, its
 * PostgreSQL (the postmaster and its children), this load generator and the whole machine. Two
 * readings around a window give what each used in it; a process that cannot be read is NaN and is
 * written as null, never as zero.
 */
public record CpuReading(
    long nanos, double engine, double postgres, double generator, double machine) {

  public static CpuReading take(long enginePid, long postgresPid) {
    return new CpuReading(
        System.nanoTime(),
        ProcCpu.process(enginePid),
        ProcCpu.withChildren(postgresPid),
        ProcCpu.process(ProcessHandle.current().pid()),
        ProcCpu.machineBusy());
  }

  /**
   * What was used between {@code earlier} and this reading over {@code ops} operations: wall
   * seconds, CPU seconds by process and microseconds per operation of the node and of PostgreSQL.
   */
  public Map<String, Object> since(CpuReading earlier, long ops) {
    double seconds = (nanos - earlier.nanos) / 1e9;
    Map<String, Object> used = new LinkedHashMap<>();
    used.put("ops", ops);
    used.put("seconds", round(seconds));
    used.put("opsPerSecond", seconds > 0 ? round(ops / seconds) : null);
    used.put("engineCpuSeconds", round(engine - earlier.engine));
    used.put("postgresCpuSeconds", round(postgres - earlier.postgres));
    used.put("generatorCpuSeconds", round(generator - earlier.generator));
    used.put("machineCpuSeconds", round(machine - earlier.machine));
    used.put("engineCpuUsPerOp", perOp(engine - earlier.engine, ops));
    used.put("postgresCpuUsPerOp", perOp(postgres - earlier.postgres, ops));
    return used;
  }

  private static Double perOp(double cpuSeconds, long ops) {
    return ops > 0 && !Double.isNaN(cpuSeconds) ? round(cpuSeconds * 1e6 / ops) : null;
  }

  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
