package com.reservation.gatling.rush;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cost of one kind of operation, measured as the benchmark measures a booking's: a phase in
 * which the node serves only that operation (closed model, as fast as answers come), a warm-up,
 * then a window whose two ends read the CPU of the node and of PostgreSQL and the count of answers
 * at the same instants; CPU divided by answers. The first answer starts the clock; the readings are
 * taken on a timer thread of this meter, never on Gatling's.
 */
public final class CostMeter {
  private final String operation;
  private final int warmupSeconds;
  private final int measureSeconds;
  private final long enginePid;
  private final long postgresPid;
  private final LongAdder answers = new LongAdder();
  private final AtomicBoolean started = new AtomicBoolean();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "cost-meter");
            thread.setDaemon(true);
            return thread;
          });
  private volatile CpuReading start;
  private volatile long answersAtStart;
  private volatile Map<String, Object> result;

  public CostMeter(
      String operation, int warmupSeconds, int measureSeconds, long enginePid, long postgresPid) {
    this.operation = operation;
    this.warmupSeconds = warmupSeconds;
    this.measureSeconds = measureSeconds;
    this.enginePid = enginePid;
    this.postgresPid = postgresPid;
  }

  /** One answer of the phase (the first one starts the clock). */
  public void answered() {
    if (!started.get() && started.compareAndSet(false, true)) {
      timer.schedule(this::open, warmupSeconds * 1000L, TimeUnit.MILLISECONDS);
      timer.schedule(this::close, (warmupSeconds + measureSeconds) * 1000L, TimeUnit.MILLISECONDS);
    }
    answers.increment();
  }

  private void open() {
    answersAtStart = answers.sum();
    start = CpuReading.take(enginePid, postgresPid);
    System.err.println("opening-rush: measuring " + operation + " for " + measureSeconds + " s");
  }

  private void close() {
    long counted = answers.sum() - answersAtStart;
    Map<String, Object> measured = CpuReading.take(enginePid, postgresPid).since(start, counted);
    measured.put("operation", operation);
    measured.put("warmupSeconds", warmupSeconds);
    result = measured;
    System.err.println("opening-rush: " + operation + " measured: " + measured);
    timer.shutdown();
  }

  /** The window's figures, or null when it has not closed (the phase never ran or was cut). */
  public Map<String, Object> result() {
    return result;
  }
}
