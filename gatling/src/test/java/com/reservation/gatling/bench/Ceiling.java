package com.reservation.gatling.bench;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.reservation.gatling.support.Seeder;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * {@code GET /health/live} as fast as it answers: what this machine, this load generator and the
 * engine's HTTP layer can serve at all, with no state behind it. The other workloads are read as a
 * fraction of it. The benchmark measures it first ({@code ceiling}) and again last ({@code
 * ceiling-end}), and reports the mean: at tens of thousands of requests a second the rate of one
 * window moves by a tenth or more from the next.
 */
public final class Ceiling implements Workload {
  private final String name;
  private final String url;

  public Ceiling(String name, Target target) {
    this.name = name;
    this.url = target.url() + "/health/live";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String unit() {
    return "answers/s";
  }

  @Override
  public void prepare(Seeder seeder) {}

  @Override
  public ChainBuilder attempt(Phase phase) {
    return exec(Calls.get(phase, "health", session -> url));
  }

  @Override
  public Verdict judge(int status, String problem) {
    return status == 200 ? Verdict.COUNTED : Verdict.KO;
  }
}
