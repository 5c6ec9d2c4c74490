package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.http.response.Response;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One workload against one target, inside the benchmark's single Gatling run. Every user waits
 * while the phase is pending, repeats the workload's attempt while it is open, and moves on to the
 * next phase once it is closed; the {@link Controller} opens and closes phases and swaps the {@link
 * Window} that answers are recorded into.
 */
public final class Phase {
  private static final Duration POLL = Duration.ofMillis(100);

  enum State {
    PENDING,
    OPEN,
    CLOSED
  }

  private final Workload workload;
  private final Target target;
  private final boolean reported;
  private volatile State state = State.PENDING;
  private final AtomicReference<Window> window = new AtomicReference<>(new Window(false));
  private final LongAdder sent = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder counted = new LongAdder();
  private final AtomicInteger usersDone = new AtomicInteger();

  /**
   * @param reported false for a phase that only warms (no result line)
   */
  public Phase(Workload workload, Target target, boolean reported) {
    this.workload = workload;
    this.target = target;
    this.reported = reported;
  }

  /** {@code hot-slot-engine}: also the name of its result file. */
  public String name() {
    return workload.name() + "-" + target.name();
  }

  public Workload workload() {
    return workload;
  }

  public Target target() {
    return target;
  }

  public boolean reported() {
    return reported;
  }

  /** What every user runs for this phase. */
  public ChainBuilder chain() {
    return exec(asLongAs(session -> state == State.PENDING).on(pause(POLL)))
        .asLongAs(session -> state == State.OPEN)
        .on(workload.attempt(this))
        .exec(
            session -> {
              usersDone.incrementAndGet();
              return session;
            });
  }

  /**
   * The URL function of a request, counting what is sent (what was sent and never answered is an
   * error).
   */
  Function<Session, String> sending(Function<Session, String> url) {
    return session -> {
      sent.increment();
      return url.apply(session);
    };
  }

  /**
   * Records an answer into the current window; Gatling calls it on its I/O thread as the answer
   * arrives.
   */
  Response onResponse(Response response, Session session) {
    answered.increment();
    int status = response.status().code();
    String problem = status >= 400 ? Problems.code(response.body().bytes()) : null;
    Verdict verdict = workload.judge(status, problem);
    if (verdict == Verdict.COUNTED) counted.increment();
    window
        .get()
        .record(status, problem, response.endTimestamp() - response.startTimestamp(), verdict);
    workload.observe(response.request(), status, problem);
    return response;
  }

  void open() {
    state = State.OPEN;
  }

  void close() {
    state = State.CLOSED;
  }

  boolean isClosed() {
    return state == State.CLOSED;
  }

  /** Starts a new window and returns the one that ends. */
  Window nextWindow(boolean measured) {
    return window.getAndSet(new Window(measured));
  }

  /** Counted answers since the phase opened. */
  long counted() {
    return counted.sum();
  }

  int usersDone() {
    return usersDone.get();
  }

  /**
   * Requests sent and never answered (timeouts, broken connections); exact once every user has
   * left.
   */
  long unanswered() {
    return sent.sum() - answered.sum();
  }
}
